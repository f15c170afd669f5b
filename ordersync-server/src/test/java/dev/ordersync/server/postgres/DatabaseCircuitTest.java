package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import dev.ordersync.server.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit in front of the pool: a pool that is merely busy keeps requests waiting as before
 * (the database answers the probe, so nothing is refused); a database that does not answer the
 * probe is refused at once, and once it answers again the pool is renewed and connections flow.
 */
class DatabaseCircuitTest {
  private TestDatabase db;
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private DatabaseCircuit circuit;
  private GatedPool pool;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create();
    DataSource real = db.dataSource();
    DataSource probed =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (!reachable.get()) {
                    throw new SQLException("Connection refused", "08001");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    circuit = new DatabaseCircuit(probed);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername("postgres");
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(1_000);
    pool = new GatedPool(config, circuit);
    circuit.onReturn(pool::renew);
  }

  @AfterEach
  void tearDown() {
    circuit.close();
    pool.close();
    db.close();
  }

  @Test
  void aBusyPoolWaitsItsTimeoutAndDoesNotOpenTheCircuit() throws Exception {
    try (Connection held = pool.getConnection()) {
      long started = System.nanoTime();
      SQLTransientConnectionException busy =
          assertThrows(SQLTransientConnectionException.class, pool::getConnection);
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertFalse(busy instanceof DatabaseCircuit.Refused, "overload is not an outage");
      assertTrue(waited >= 900, "waited the pool's timeout, not less: " + waited + " ms");
      assertFalse(circuit.down(), "the database answered the probe");
    }
    assertEquals(1, selectOne(), "and the pool serves once the connection is back");
  }

  /**
   * A busy instance is still ready: with every connection at work, the readiness check used to wait
   * behind them and answer not-ready (5 of 14 polls in the fault suite's connection scenario), so a
   * balancer would pull the instance and pile its load on the others.
   */
  @Test
  void aPoolWithEveryConnectionAtWorkIsStillReadyAndAnOutageIsNot() throws Exception {
    Database database = new Database(pool, pool, circuit, db.dataSource(), "postgres", null);
    assertTrue(database.healthy());
    try (Connection held = pool.getConnection()) {
      long started = System.nanoTime();
      assertTrue(database.healthy(), "busy, not unready");
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(took < Database.HEALTH_WAIT_MILLIS, "answered in " + took + " ms");
    }
    reachable.set(false);
    circuit.suspect();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!circuit.down() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(circuit.down(), "the probe found the database gone");
    assertFalse(database.healthy(), "an outage is not ready");
  }

  @Test
  void anUnreachableDatabaseIsRefusedAtOnceAndItsReturnRenewsThePool() throws Exception {
    assertEquals(1, selectOne());
    reachable.set(false);
    circuit.suspect();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!circuit.down() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(circuit.down(), "the failed probe marks the database down");
    assertInstanceOf(
        DatabaseCircuit.Refused.class,
        assertThrows(SQLException.class, pool::getConnection),
        "refused without asking the pool");
    StorageException refused =
        assertThrows(
            StorageException.class,
            () -> new JdbcTransactions(pool).withConnection(c -> c.isValid(1)));
    assertTrue(refused.transientFailure(), refused::toString);
    assertEquals(1, refused.retryAfterSeconds(), "try again in a second");

    reachable.set(true);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (circuit.down() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(circuit.down(), "the next probe that answers lets requests through");
    assertEquals(1, selectOne(), "through a renewed pool");
  }

  private int selectOne() throws SQLException {
    try (Connection c = pool.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
