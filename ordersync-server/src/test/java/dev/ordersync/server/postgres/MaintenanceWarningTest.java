package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The server says so at start when the database will not keep its statistics and dead rows in hand
 * by itself.
 */
class MaintenanceWarningTest {
  @Test
  void autovacuumOffOrNoCountsIsWarnedAboutAndOnIsNot() {
    assertEquals(Optional.empty(), Database.maintenanceWarning("on", "on"));
    assertTrue(
        Database.maintenanceWarning("off", "on").orElseThrow().contains("autovacuum is off"));
    assertTrue(Database.maintenanceWarning("on", "off").orElseThrow().contains("track_counts=off"));
  }

  @Test
  void theWarningFollowsTheServersRealSetting() throws Exception {
    try (TestDatabase db = TestDatabase.create();
        Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT current_setting('autovacuum'), current_setting('track_counts')")) {
      rs.next();
      boolean maintained = rs.getString(1).equals("on") && rs.getString(2).equals("on");
      assertEquals(
          maintained,
          Database.maintenanceWarning(db.dataSource()).isEmpty(),
          "the warning matches the database server it was read from");
    }
  }
}
