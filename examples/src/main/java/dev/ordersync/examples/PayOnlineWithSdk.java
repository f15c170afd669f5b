package dev.ordersync.examples;

import dev.ordersync.sdk.BusinessRuleException;
import dev.ordersync.sdk.ConfirmPaymentRequest;
import dev.ordersync.sdk.CreateMenuItemRequest;
import dev.ordersync.sdk.CreateRestaurantRequest;
import dev.ordersync.sdk.Fulfillment;
import dev.ordersync.sdk.MenuItem;
import dev.ordersync.sdk.Order;
import dev.ordersync.sdk.OrderSyncClient;
import dev.ordersync.sdk.PaymentConfirmation;
import dev.ordersync.sdk.PaymentMode;
import dev.ordersync.sdk.PlaceOrderRequest;
import dev.ordersync.sdk.RefundResult;
import dev.ordersync.sdk.RegisterRequest;
import dev.ordersync.sdk.RequestOptions;
import dev.ordersync.sdk.Restaurant;
import dev.ordersync.sdk.Settlement;
import dev.ordersync.sdk.UpdateSettingsRequest;
import java.io.PrintStream;
import java.net.URI;
import java.util.UUID;

/**
 * Paying online through Toss, with the SDK: an owner switches the restaurant to online payment, a
 * customer orders (the order waits for its payment), pays in Toss's payment window, and the page
 * confirms with OrderSync; a tampered amount is refused; the owner refunds part of it and reads the
 * day's settlement.
 *
 * <p>Toss's payment window runs in the customer's browser; here it is a {@link PaymentWindow} the
 * caller supplies (the test uses the fake Toss server of ordersync-server's tests). The server must
 * run with {@code ORDERSYNC_TOSS_SECRET_KEY} and {@code ORDERSYNC_TOSS_API_URL} pointing at the
 * same Toss.
 */
public final class PayOnlineWithSdk {
  private static final String PASSWORD = "correct horse battery staple";

  private PayOnlineWithSdk() {}

  /**
   * What Toss's payment window does: the customer pays {@code amount} for {@code orderId}; it
   * returns the paymentKey.
   */
  @FunctionalInterface
  public interface PaymentWindow {
    String pay(String orderId, long amount);
  }

  /** Runs the story against the server at {@code baseUrl}; returns the day's settlement. */
  public static Settlement run(URI baseUrl, PaymentWindow window, PrintStream out) {
    OrderSyncClient anonymous = OrderSyncClient.builder().baseUri(baseUrl).build();
    OnlineRestaurant open = openForOnlinePayment(anonymous, out);
    Order order = placeAnOrder(anonymous, open, out);
    payForIt(anonymous, window, order, out);
    return refundAndSettle(open.owner(), order, out);
  }

  /** The owner's client acting for the restaurant, and the dish on its menu. */
  private record OnlineRestaurant(OrderSyncClient owner, Restaurant restaurant, MenuItem dish) {}

  private static OnlineRestaurant openForOnlinePayment(OrderSyncClient anonymous, PrintStream out) {
    String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    anonymous.auth().register(RegisterRequest.owner(email, PASSWORD, "Choi Yu-na"));
    OrderSyncClient owner =
        anonymous.withAccessToken(
            anonymous.auth().login(email, PASSWORD).authenticated().orElseThrow().accessToken());
    Restaurant restaurant =
        owner
            .restaurants()
            .create(new CreateRestaurantRequest("Toss Table", IntegratorWithSdk.aBusinessNumber()));
    owner =
        anonymous.withAccessToken(
            anonymous
                .auth()
                .login(email, PASSWORD, restaurant.id())
                .authenticated()
                .orElseThrow()
                .accessToken());
    owner
        .restaurants()
        .updateSettings(UpdateSettingsRequest.builder().paymentMode(PaymentMode.ONLINE).build());
    MenuItem dish =
        owner.restaurants().createMenuItem(new CreateMenuItemRequest("Galbi-jjim", 24_000));
    out.println(
        "1. "
            + restaurant.name()
            + " takes payment online; "
            + dish.name()
            + " at "
            + dish.price()
            + " won");
    return new OnlineRestaurant(owner, restaurant, dish);
  }

  private static Order placeAnOrder(
      OrderSyncClient anonymous, OnlineRestaurant open, PrintStream out) {
    Order order =
        anonymous
            .orders()
            .place(
                PlaceOrderRequest.builder(open.restaurant().id(), Fulfillment.TAKEOUT)
                    .item(open.dish().id(), 2)
                    .build());
    out.println(
        "2. Order " + order.number() + " is " + order.status() + " for " + order.total() + " won");
    return order;
  }

  private static void payForIt(
      OrderSyncClient anonymous, PaymentWindow window, Order order, PrintStream out) {
    RequestOptions asCustomer = RequestOptions.accessToken(order.orderToken());
    String paymentKey = window.pay(order.id().toString(), order.total());
    try {
      anonymous
          .payments()
          .confirm(new ConfirmPaymentRequest(paymentKey, order.id(), 100), asCustomer);
      throw new IllegalStateException("a tampered amount was accepted");
    } catch (BusinessRuleException e) {
      out.println("3. A page claiming 100 won is refused: " + e.code());
    }
    PaymentConfirmation paid =
        anonymous
            .payments()
            .confirm(new ConfirmPaymentRequest(paymentKey, order.id(), order.total()), asCustomer);
    out.println(
        "4. Confirmed: payment "
            + paid.status()
            + " by "
            + paid.payment().method()
            + ", order "
            + paid.order().status());
  }

  private static Settlement refundAndSettle(OrderSyncClient owner, Order order, PrintStream out) {
    RefundResult refund =
        owner.restaurantOrders().refund(order.id(), 4_000L, "one portion was cold");
    out.println(
        "5. Refunded "
            + refund.refund().amount()
            + " won; "
            + refund.payment().balance()
            + " won left");

    Settlement day = owner.restaurants().settlement(null);
    out.println(
        "6. "
            + day.date()
            + " ("
            + day.timeZone()
            + "): gross "
            + day.gross()
            + ", refunds "
            + day.refunds()
            + ", fee "
            + day.fee()
            + ", net "
            + day.net());
    return day;
  }
}
