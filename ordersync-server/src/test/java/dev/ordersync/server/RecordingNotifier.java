package dev.ordersync.server;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notifier;
import dev.ordersync.core.notify.SendOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An in-process provider of one channel for tests of delivery (the HTTP providers and their fakes
 * are tested on their own): it records every message it is handed and answers as told, by default
 * that it took the message.
 */
final class RecordingNotifier implements Notifier {
  private final Channel channel;
  private final List<Message> received = new ArrayList<>();
  private volatile Function<Message, SendOutcome> answer = m -> sent();
  private volatile CountDownLatch hold;

  RecordingNotifier(Channel channel) {
    this.channel = channel;
  }

  static SendOutcome sent() {
    return new SendOutcome.Sent("msg-" + UUID.randomUUID());
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public SendOutcome send(Message message) {
    synchronized (received) {
      received.add(message);
      received.notifyAll();
    }
    CountDownLatch h = hold;
    if (h != null) {
      try {
        h.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new SendOutcome.Unknown("interrupted");
      }
    }
    return answer.apply(message);
  }

  /** From now on, answers with {@code answer}. */
  RecordingNotifier answering(Function<Message, SendOutcome> answer) {
    this.answer = answer;
    return this;
  }

  /** From now on, every send hangs (after it is recorded) until {@link #release()}. */
  void hang() {
    hold = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch h = hold;
    hold = null;
    if (h != null) {
      h.countDown();
    }
  }

  List<Message> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The messages received for {@code to}. */
  List<Message> receivedBy(String to) {
    return received().stream().filter(m -> m.to().equals(to)).toList();
  }

  /** Waits until {@code count} messages have been received in all; false if they did not come. */
  boolean awaitCount(int count, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    synchronized (received) {
      while (received.size() < count) {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        received.wait(left);
      }
      return true;
    }
  }
}
