package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.user.KnownDevices.Sighting;
import dev.ordersync.core.user.LoginPlace;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where each account logged in from, as the new-login email needs it: familiar by device or by
 * address, never the address in clear, devices forgotten after their cookie's life, all forgotten
 * with the account.
 */
class KnownLoginPlacesTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private PostgresKnownDevices places() {
    return new PostgresKnownDevices(
        server.application().transactions(), server.application().columns());
  }

  private UUID anAccount() {
    String email = "places-" + UUID.randomUUID() + "@example.kr";
    new Scenario(server.api()).register(email, "CUSTOMER");
    return server.application().users().byEmail(new EmailAddress(email)).orElseThrow().id();
  }

  private <T> T inTx(Supplier<T> work) {
    return server.application().transactions().run(work);
  }

  private Sighting sighted(UUID user, String device, String address, Instant at) {
    return inTx(() -> places().sighted(user, new LoginPlace(device, address, null), at));
  }

  @Test
  void aPlaceIsFamiliarByItsDeviceOrItsAddressAndNewOnlyWhenNeitherWasSeen() throws Exception {
    UUID user = anAccount();
    assertEquals(Sighting.FIRST_LOGIN, sighted(user, "device-a", "203.0.113.7", T0));
    assertEquals(Sighting.FAMILIAR, sighted(user, "device-a", "198.51.100.9", T0));
    assertEquals(Sighting.FAMILIAR, sighted(user, "device-b", "203.0.113.7", T0));
    assertEquals(Sighting.NEW, sighted(user, "device-c", "192.0.2.1", T0));
    assertEquals(Sighting.FIRST_LOGIN, sighted(anAccount(), "device-a", "203.0.113.7", T0));

    try (Connection c = server.database().connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT place_index FROM known_login_places WHERE user_id = ?")) {
      ps.setObject(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        byte[] address = "203.0.113.7".getBytes(StandardCharsets.UTF_8);
        while (rs.next()) {
          String stored = HexFormat.of().formatHex(rs.getBytes(1));
          assertFalse(
              stored.contains(HexFormat.of().formatHex(address)), "no address in clear: " + stored);
          assertEquals(32, rs.getBytes(1).length, "a full HMAC-SHA256");
        }
      }
    }
  }

  @Test
  void aDeviceIsForgottenAfterItsCookiesLifeAndEverythingWithTheAccount() {
    UUID user = anAccount();
    sighted(user, "device-a", "203.0.113.7", T0);
    Instant later = T0.plus(PostgresKnownDevices.DEVICE_MEMORY).plus(Duration.ofDays(1));
    assertEquals(Sighting.NEW, sighted(user, "device-a", "192.0.2.1", later), "device forgotten");
    assertEquals(
        Sighting.FAMILIAR, sighted(user, "device-z", "203.0.113.7", later), "address kept");

    inTx(
        () -> {
          places().forget(user);
          return null;
        });
    assertEquals(Sighting.FIRST_LOGIN, sighted(user, "device-a", "203.0.113.7", later));
  }
}
