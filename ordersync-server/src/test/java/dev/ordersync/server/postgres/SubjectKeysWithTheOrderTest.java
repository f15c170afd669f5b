package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ordersync.crypto.FieldContext;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.server.RunningServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new anonymous order's subject key is written in the order's own transaction (decision 0019): it
 * commits with the order or not at all. Every other key is written on a connection of its own, so a
 * rolled-back request never takes away a key the library has cached and may use again.
 */
class SubjectKeysWithTheOrderTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static JdbcTransactions tx;
  static FieldCrypto crypto;

  @BeforeAll
  static void itsTransactionsAndCrypto() {
    tx = server.application().transactions();
    crypto = server.application().columns().crypto();
  }

  private static int keysOf(String subject) throws SQLException {
    try (Connection c = server.database().connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM subject_keys WHERE subject_id = ?")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void aNewOrdersKeyCommitsWithTheOrder() throws SQLException {
    String subject = "order:" + UUID.randomUUID();
    FieldContext name =
        FieldContext.of("orders", "customer_name", subject.substring(6)).forSubject(subject);
    byte[] sealed =
        tx.run(
            () -> {
              crypto.createSubjectKey(subject);
              byte[] value = crypto.encryptString("김민지", name);
              assertEquals(
                  "김민지", crypto.decryptString(value, name), "usable inside its transaction");
              return value;
            });
    assertEquals(1, keysOf(subject));
    assertEquals("김민지", crypto.decryptString(sealed, name));
  }

  @Test
  void aNewOrdersKeyIsGoneWhenTheOrderRollsBack() throws SQLException {
    String subject = "order:" + UUID.randomUUID();
    assertThrows(
        IllegalStateException.class,
        () ->
            tx.run(
                () -> {
                  crypto.createSubjectKey(subject);
                  throw new IllegalStateException("the order failed after its key was made");
                }));
    assertEquals(0, keysOf(subject), "no key is left behind for an order that does not exist");
  }

  @Test
  void everyOtherKeyIsKeptWhateverTheRequestDoes() throws SQLException {
    String user = "user:" + UUID.randomUUID();
    FieldContext phone = FieldContext.of("users", "phone", user.substring(5)).forSubject(user);
    assertThrows(
        IllegalStateException.class,
        () ->
            tx.run(
                () -> {
                  crypto.encryptString("01012345678", phone);
                  throw new IllegalStateException(
                      "the request failed after the user's key was made");
                }));
    assertEquals(
        1,
        keysOf(user),
        "a cached key must exist: values written later under it must stay readable");

    String order = "order:" + UUID.randomUUID();
    crypto.createSubjectKey(order);
    assertEquals(
        1, keysOf(order), "outside a unit of work an order's key is written on its own connection");
  }
}
