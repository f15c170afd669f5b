package dev.ordersync.server.live;

/** Delivers on the publishing thread, to the subscribers of this process only. */
final class InProcessEventBus implements EventBus {
  private volatile Subscriber subscriber;

  @Override
  public void publish(LiveEvent event) {
    Subscriber s = subscriber;
    if (s != null) {
      s.deliver(event);
    }
  }

  @Override
  public void publishMenu(MenuEvent event) {
    Subscriber s = subscriber;
    if (s != null) {
      s.deliverMenu(event);
    }
  }

  @Override
  public void subscribe(Subscriber subscriber) {
    this.subscriber = subscriber;
  }
}
