package dev.ordersync.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Endpoints may not point into the server's own network (SSRF): on a server without
 * ORDERSYNC_WEBHOOKS_ALLOW_HTTP, loopback, private, link-local and other reserved addresses are
 * refused, whether written as an address or reached through a name.
 */
class WebhookUrlsTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/h",
        "https://localhost:8443/h",
        "https://10.1.2.3/h",
        "https://172.16.0.1/h",
        "https://192.168.1.1/h",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/h",
        "https://0.0.0.0/h",
        "https://[::1]/h",
        "https://[fd00::1]/h",
        "https://[::ffff:10.0.0.1]/h"
      })
  void privateAddressesAreRefusedOverHttp(String url) {
    var owner = story.anOwnerWithARestaurant("Careful House");
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/webhooks",
            "{\"url\":\"" + url + "\",\"events\":[\"order.created\"]}",
            owner.token());
    assertEquals(422, r.status(), r::toString);
    assertEquals("webhook_url_private_address", r.code(), r::toString);
    assertEquals("url", r.json().path("errors").path(0).path("field").asText(), r::toString);
  }

  @Test
  void httpToLoopbackNeedsTheFlag() {
    var owner = story.anOwnerWithARestaurant("Careful House");
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/webhooks",
            "{\"url\":\"http://127.0.0.1:9/h\",\"events\":[\"order.created\"]}",
            owner.token());
    assertEquals(422, r.status(), r::toString);
    assertEquals("webhook_url_not_https", r.code());
  }

  @Test
  void aNameThatResolvesToAPrivateAddressIsRefusedBeforeASendToo() throws Exception {
    var urls =
        new WebhookUrls(
            false,
            host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 0, 0, 5})});
    var e =
        assertThrows(
            DomainException.RuleViolated.class,
            () -> urls.checkBeforeSend(java.net.URI.create("https://hooks.example.com/h")));
    assertEquals("webhook_url_private_address", e.code());
    var publicOne =
        new WebhookUrls(
            false,
            host ->
                new InetAddress[] {
                  InetAddress.getByAddress(host, new byte[] {(byte) 203, 0, 113, 9})
                });
    publicOne.checkBeforeSend(java.net.URI.create("https://hooks.example.com/h"));
  }
}
