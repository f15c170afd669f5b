package dev.ordersync.server;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.core.notify.Notifier;
import dev.ordersync.core.notify.SendOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * A server process for {@link NotificationCrashTest}, configured from its environment: it records
 * one text message, and its SMS provider writes each message's recipient to a file (forced to disk)
 * as it "sends" it, then never answers, so the test can kill the process between the send and the
 * mark. Arguments: the file ({@code -}: no such provider, but those the environment configures),
 * the message's source id, the recipient.
 */
public final class NotificationCrashChild {
  private NotificationCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path sends = Path.of(args[0].equals("-") ? "/dev/null" : args[0]);
    Notifier hanging =
        new Notifier() {
          @Override
          public Channel channel() {
            return Channel.SMS;
          }

          @Override
          public SendOutcome send(Message message) {
            try (FileChannel f =
                FileChannel.open(
                    sends,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
              f.write(ByteBuffer.wrap((message.to() + "\n").getBytes(StandardCharsets.UTF_8)));
              f.force(true);
              Thread.sleep(Long.MAX_VALUE);
            } catch (IOException | InterruptedException e) {
              return new SendOutcome.Unknown(e.toString());
            }
            return new SendOutcome.Unknown("unreachable");
          }
        };
    ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
    // "-": the providers the environment configures (the fake Aligo of the test).
    OrderSyncServer server =
        args[0].equals("-")
            ? OrderSyncServer.start(config, OrderSyncServer.Limits.none())
            : OrderSyncServer.start(
                config,
                OrderSyncServer.Limits.none(),
                channel -> channel == Channel.SMS ? Optional.of(hanging) : Optional.empty());
    Notification n =
        new Notification(
            args[1],
            NotificationKind.ORDER_READY,
            new Message(Channel.SMS, args[2], null, "준비 완료"),
            null,
            UUID.randomUUID());
    server
        .application()
        .transactions()
        .run(
            () -> {
              server.notificationOutbox().enqueue(n);
              return null;
            });
    Thread.sleep(Long.MAX_VALUE);
  }
}
