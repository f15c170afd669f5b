package dev.ordersync.core.notify;

import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.restaurant.GuestText;
import dev.ordersync.core.restaurant.Restaurant;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Which text message a guest gets for a change of their order, and its words. A guest is texted
 * only when the order has a phone number, the guest agreed to texts ({@code sms_consent}), and the
 * restaurant chose that kind of change ({@link Restaurant#guestTexts()}). A guest who cancels their
 * own order is not texted about it.
 *
 * <p>The texts are Korean, name the restaurant and the order number, and carry no link. Each fits
 * one short message ({@value TextLength#SMS_BYTES} EUC-KR bytes) when it can: a long restaurant
 * name is shortened first; only a text that still does not fit (a long reason) goes out as a long
 * message, with a title.
 */
public final class GuestTexts {
  /** The fewest bytes a shortened restaurant name keeps (four Hangul letters). */
  static final int MIN_NAME_BYTES = 8;

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private GuestTexts() {}

  /**
   * The kind of text this event could cause, before consent and settings are looked at; empty for
   * events guests are never texted about (placed, paid, started, completed, expired, erased, and a
   * cancellation by the guest).
   */
  public static Optional<NotificationKind> kindOf(OrderEvent event) {
    return Optional.ofNullable(
        switch (event) {
          case OrderEvent.OrderAccepted e -> NotificationKind.ORDER_ACCEPTED;
          case OrderEvent.OrderReady e -> NotificationKind.ORDER_READY;
          case OrderEvent.OrderRejected e -> NotificationKind.ORDER_REJECTED;
          case OrderEvent.OrderCanceled e when !e.byCustomer() -> NotificationKind.ORDER_CANCELED;
          case OrderEvent.OrderRefunded e -> NotificationKind.ORDER_REFUNDED;
          default -> null;
        });
  }

  /** The restaurant's setting that turns a kind of guest text on or off. */
  static GuestText setting(NotificationKind kind) {
    return switch (kind) {
      case ORDER_ACCEPTED -> GuestText.ACCEPTED;
      case ORDER_READY -> GuestText.READY;
      case ORDER_REJECTED -> GuestText.REJECTED;
      case ORDER_CANCELED -> GuestText.CANCELED;
      case ORDER_REFUNDED -> GuestText.REFUNDED;
      default -> throw new IllegalArgumentException(kind + " is not a guest text");
    };
  }

  /**
   * Whether the event may text the order's guest at all (a kind of text, a phone, consent): when
   * not, the restaurant need not be read.
   */
  public static boolean mayText(Order order, OrderEvent event) {
    return order.customer().textable() && kindOf(event).isPresent();
  }

  /** The text to send for this change of the order, if any. */
  public static Optional<Notification> of(Order order, OrderEvent event, Restaurant restaurant) {
    Optional<NotificationKind> kind = kindOf(event);
    if (kind.isEmpty() || !order.customer().textable() || !restaurant.texts(setting(kind.get()))) {
      return Optional.empty();
    }
    Message message =
        message(kind.get(), restaurant, order, event, order.customer().phone().digits());
    return Optional.of(
        new Notification(
            event.eventId().toString(), kind.get(), message, order.restaurantId(), order.id()));
  }

  /** The message, shortened to one SMS where it can be. */
  static Message message(
      NotificationKind kind, Restaurant restaurant, Order order, OrderEvent event, String to) {
    String rest = " " + sentence(kind, restaurant, order, event);
    String name = restaurant.name();
    String body = "[" + name + "]" + rest;
    if (TextLength.fitsSms(body)) {
      return new Message(Channel.SMS, to, null, body);
    }
    int budget = TextLength.SMS_BYTES - TextLength.bytes("[]" + rest);
    if (budget >= MIN_NAME_BYTES) {
      return new Message(
          Channel.SMS, to, null, "[" + TextLength.shorten(name, budget) + "]" + rest);
    }
    String lms = TextLength.shorten(body, TextLength.LMS_BYTES);
    return new Message(Channel.SMS, to, "주문 " + order.number().value() + " 안내", lms);
  }

  private static String sentence(
      NotificationKind kind, Restaurant restaurant, Order order, OrderEvent event) {
    String number = "주문 " + order.number().value();
    return switch (kind) {
      case ORDER_ACCEPTED ->
          number + " 접수되었습니다. " + readyTime(restaurant, order, event) + "쯤 준비됩니다.";
      case ORDER_READY ->
          number
              + (order.fulfillment() == Fulfillment.DINE_IN
                  ? " 준비되었습니다. 곧 가져다 드립니다."
                  : " 준비되었습니다. 찾아가세요.");
      case ORDER_REJECTED -> number + " 접수되지 못했습니다." + reason(event);
      case ORDER_CANCELED -> number + " 취소되었습니다." + reason(event);
      case ORDER_REFUNDED ->
          number + " " + won(((OrderEvent.OrderRefunded) event).amount()) + " 환불되었습니다.";
      default -> throw new IllegalArgumentException(kind + " is not a guest text");
    };
  }

  /** When the order should be ready, in the restaurant's time: the accept's estimate. */
  private static String readyTime(Restaurant restaurant, Order order, OrderEvent event) {
    Instant ready =
        order.readyBy() != null
            ? order.readyBy()
            : event.at().plusSeconds(60L * minutes(restaurant, event));
    return HH_MM.format(ready.atZone(restaurant.timeZone()));
  }

  private static int minutes(Restaurant restaurant, OrderEvent event) {
    return event instanceof OrderEvent.OrderAccepted a ? a.prepMinutes() : restaurant.prepMinutes();
  }

  private static String reason(OrderEvent event) {
    String reason =
        switch (event) {
          case OrderEvent.OrderRejected e -> e.reason();
          case OrderEvent.OrderCanceled e -> e.reason();
          default -> null;
        };
    return reason == null || reason.isBlank() ? "" : " 사유: " + reason.strip();
  }

  private static String won(long amount) {
    return NumberFormat.getIntegerInstance(Locale.KOREA).format(amount) + "원";
  }
}
