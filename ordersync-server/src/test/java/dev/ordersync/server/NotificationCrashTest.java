package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.server.notify.FakeAligo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server process killed (SIGKILL) after handing a message to its provider and before recording
 * the outcome: the instance that goes on finds the message left sending, records it as unknown once
 * its lease has run out, and never sends it again.
 */
class NotificationCrashTest {
  @Test
  void aServerKilledBetweenSendAndMarkNeverSendsTwice() throws Exception {
    Path keys = Files.createTempDirectory("ordersync-keys");
    Path dataDir = Files.createTempDirectory("ordersync-crash");
    Path sends = Files.createTempFile("ordersync-sends", ".txt");
    String source = "order-event:" + UUID.randomUUID();
    String phone = "01055501234";
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_KEYS_DIR", keys.toString());
    env.put("ORDERSYNC_NOTIFY_SEND_LEASE", "PT2S");
    env.put("ORDERSYNC_NOTIFY_POLL_INTERVAL", "PT0.1S");
    RecordingNotifier after = new RecordingNotifier(Channel.SMS);
    Process child = null;
    try (TestDatabase db = TestDatabase.create()) {
      child = startChild(db, env, dataDir, sends, source, phone);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(sends).contains(phone)) {
        assertTrue(child.isAlive(), "the server process ended before sending");
        assertTrue(System.nanoTime() < end, "the server process sent nothing in time");
        Thread.sleep(50);
      }
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals("sending", status(db, source), "killed between the send and the mark");

      TestServer next =
          TestServer.startOn(
              db,
              env,
              OrderSyncServer.Limits.none(),
              c -> c == Channel.SMS ? Optional.of(after) : Optional.empty());
      try {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!"unknown".equals(status(db, source)) && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        assertEquals("unknown", status(db, source));
        Thread.sleep(1_500);
        assertEquals("unknown", status(db, source));
        assertEquals(List.of(), after.received(), "the instance that went on sent nothing again");
        assertEquals(
            1,
            Files.readString(sends, StandardCharsets.UTF_8).lines().filter(phone::equals).count());
      } finally {
        next.stopServerOnly();
      }
    } finally {
      if (child != null && child.isAlive()) {
        child.destroyForcibly();
      }
      TestServer.deleteTree(keys);
      TestServer.deleteTree(dataDir);
      Files.deleteIfExists(sends);
    }
  }

  @Test
  void aServerKilledWhileAligoHoldsItsAnswerNeverSendsTwice() throws Exception {
    Path keys = Files.createTempDirectory("ordersync-keys");
    Path dataDir = Files.createTempDirectory("ordersync-crash");
    String source = "order-event:" + UUID.randomUUID();
    String phone = "01055509876";
    String key = "zt5p0p7c6we0w7cw9zccjuagcxyh8q5x";
    Process child = null;
    try (TestDatabase db = TestDatabase.create();
        FakeAligo aligo = FakeAligo.start(key, "ordersync", "025114560")) {
      Map<String, String> env = new HashMap<>();
      env.put("ORDERSYNC_KEYS_DIR", keys.toString());
      env.put("ORDERSYNC_ALIGO_API_URL", aligo.uri().toString());
      env.put("ORDERSYNC_ALIGO_KEY", key);
      env.put("ORDERSYNC_ALIGO_USER_ID", "ordersync");
      env.put("ORDERSYNC_ALIGO_SENDER", "025114560");
      env.put("ORDERSYNC_NOTIFY_CONNECT_TIMEOUT", "PT1S");
      env.put("ORDERSYNC_NOTIFY_TIMEOUT", "PT30S");
      env.put("ORDERSYNC_NOTIFY_SEND_LEASE", "PT32S");
      env.put("ORDERSYNC_NOTIFY_POLL_INTERVAL", "PT0.1S");
      // Aligo takes the message and holds its answer: the server is killed while it waits.
      aligo.acceptThenHangNext(Duration.ofSeconds(60));
      child = startChild(db, env, dataDir, Path.of("-"), source, phone);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (aligo.messages().stream().noneMatch(m -> m.receiver().equals(phone))) {
        assertTrue(child.isAlive(), "the server process ended before sending");
        assertTrue(System.nanoTime() < end, "the server process sent nothing in time");
        Thread.sleep(50);
      }
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals("sending", status(db, source));
      int requests = aligo.requests();
      // The dead sender's lease (32 s, longer than its 30 s time-out) is brought forward to 2 s
      // from now, so the test need not wait it out; the next instance runs shorter time-outs.
      env.put("ORDERSYNC_NOTIFY_TIMEOUT", "PT1S");
      env.put("ORDERSYNC_NOTIFY_SEND_LEASE", "PT3S");
      try (var c = db.connect();
          var ps =
              c.prepareStatement(
                  "UPDATE notifications SET lease_until = now() + interval '2 seconds'"
                      + " WHERE source_id = ? AND status = 'sending'")) {
        ps.setString(1, source);
        assertEquals(1, ps.executeUpdate());
      }
      TestServer next = TestServer.startOn(db, env, OrderSyncServer.Limits.none(), null);
      try {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!"unknown".equals(status(db, source)) && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        assertEquals("unknown", status(db, source));
        Thread.sleep(1_500);
        assertEquals(requests, aligo.requests(), "Aligo was not asked again");
        assertEquals(1, aligo.messages().stream().filter(m -> m.receiver().equals(phone)).count());
      } finally {
        next.stopServerOnly();
      }
    } finally {
      if (child != null && child.isAlive()) {
        child.destroyForcibly();
      }
      TestServer.deleteTree(keys);
      TestServer.deleteTree(dataDir);
    }
  }

  private static Process startChild(
      TestDatabase db,
      Map<String, String> env,
      Path dataDir,
      Path sends,
      String source,
      String phone)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NotificationCrashChild.class.getName());
    command.add(sends.toString());
    command.add(source);
    command.add(phone);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("ORDERSYNC_"));
    pb.environment().putAll(env);
    pb.environment().put("ORDERSYNC_PORT", "0");
    pb.environment().put("ORDERSYNC_HOST", "127.0.0.1");
    pb.environment().put("ORDERSYNC_DATA_DIR", dataDir.toString());
    pb.environment().put("ORDERSYNC_DB_URL", db.url());
    pb.environment().put("ORDERSYNC_DB_USER", TestDatabase.USER);
    if (TestDatabase.PASSWORD != null) {
      pb.environment().put("ORDERSYNC_DB_PASSWORD", TestDatabase.PASSWORD);
    }
    pb.environment().put("ORDERSYNC_DB_POOL_SIZE", "4");
    pb.environment().put("ORDERSYNC_MASTER_KEY", TestServer.MASTER_KEY);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  private static String status(TestDatabase db, String source) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT status FROM notifications WHERE source_id = ?")) {
      ps.setString(1, source);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
