package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18: the owner numbers the tables (a restaurant setting), and each table has a printable QR
 * code, PNG and SVG, pointing at the guest's page on the configured public URL.
 */
class TableQrCodesTest {
  static final String PUBLIC = "https://order.example.kr";

  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(Map.of("ORDERSYNC_PUBLIC_URL", PUBLIC + "/"));

  static final Api api = server.api();
  static final Scenario story = server.scenario();
  static Scenario.Owner owner;

  @BeforeAll
  static void aRestaurantWithTables() {
    owner = story.anOwnerWithARestaurant("QR Kitchen");
    Api.Response set =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"tables\":[\"1\",\"2\",\"테라스-3\",\"A12\"]}",
            owner.token(),
            null,
            null);
    assertEquals(200, set.status(), set::toString);
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  static String qrPath(String restaurant, String table, String ext) {
    return "/api/v1/restaurants/"
        + restaurant
        + "/tables/"
        + URLEncoder.encode(table, StandardCharsets.UTF_8)
        + "/qr."
        + ext;
  }

  /**
   * The text of the code the PNG holds. The PNG is a pure barcode (the code and its quiet zone,
   * nothing else), which ZXing reads module by module with {@code PURE_BARCODE}; its camera-photo
   * detector, without that hint, misses about 2 in 100 of these perfectly clean images (8 of 400
   * random restaurant ids, measured) and made this test fail at random.
   */
  static String decode(byte[] png) throws Exception {
    var image = ImageIO.read(new ByteArrayInputStream(png));
    var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    return new QRCodeReader()
        .decode(bitmap, Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE))
        .getText();
  }

  @Test
  void theOwnerSetsTheTablesAndReadsThemBack() {
    Api.Response mine = api.get("/api/v1/restaurants/me", owner.token());
    assertEquals(200, mine.status(), mine::toString);
    assertEquals("[\"1\",\"2\",\"테라스-3\",\"A12\"]", mine.json().path("tables").toString());
  }

  @Test
  void thePngDecodesToTheGuestsPageOfThatTable() throws Exception {
    HttpResponse<byte[]> r = get(qrPath(owner.restaurantId(), "테라스-3", "png"));
    assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
    assertTrue(
        r.headers().firstValue("Cache-Control").orElse("").contains("max-age="),
        r.headers()::toString);
    assertEquals(
        PUBLIC
            + "/r/"
            + owner.restaurantId()
            + "?table="
            + URLEncoder.encode("테라스-3", StandardCharsets.UTF_8),
        decode(r.body()));
    assertEquals(
        PUBLIC + "/r/" + owner.restaurantId() + "?table=1",
        decode(get(qrPath(owner.restaurantId(), "1", "png")).body()));
  }

  @Test
  void theSvgIsOnePathOfTheSameCode() throws Exception {
    HttpResponse<byte[]> r = get(qrPath(owner.restaurantId(), "A12", "svg"));
    assertEquals(200, r.statusCode());
    assertEquals("image/svg+xml", r.headers().firstValue("Content-Type").orElse(""));
    String svg = new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
    assertEquals(1, svg.split("<path ", -1).length - 1, "one path");
    var codes = new TableQrCodes(URI.create(PUBLIC));
    var m = codes.matrix(codes.url(UUID.fromString(owner.restaurantId()), "A12"));
    int dark = 0;
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        dark += m.get(x, y) ? 1 : 0;
      }
    }
    assertEquals(dark, svg.split("h1v1h-1z", -1).length - 1, "one square per dark module");
    int size = m.getWidth() + 2 * TableQrCodes.QUIET_ZONE;
    assertTrue(svg.contains("viewBox=\"0 0 " + size + " " + size + "\""), svg);
  }

  @Test
  void badLabelsUnknownTablesAndUnknownRestaurantsAreProblems() throws Exception {
    assertEquals(400, get(qrPath(owner.restaurantId(), "a b", "png")).statusCode());
    assertEquals(400, get(qrPath(owner.restaurantId(), "x".repeat(21), "svg")).statusCode());
    assertEquals(404, get(qrPath(owner.restaurantId(), "99", "png")).statusCode());
    assertEquals(404, get(qrPath(UUID.randomUUID().toString(), "1", "png")).statusCode());
    assertEquals(404, get(qrPath("not-a-uuid", "1", "svg")).statusCode());
    HttpResponse<byte[]> p = get(qrPath(owner.restaurantId(), "a.b", "png"));
    assertEquals(400, p.statusCode());
    assertTrue(
        p.headers().firstValue("Content-Type").orElse("").contains("problem+json"),
        p.headers()::toString);
  }

  @Test
  void tableLabelsAreCheckedWhenSet() {
    for (String body :
        new String[] {
          "{\"tables\":[\"1\",\"1\"]}",
          "{\"tables\":[\"\"]}",
          "{\"tables\":[\"has space\"]}",
          "{\"tables\":[\"" + "x".repeat(21) + "\"]}",
          "{\"tables\":" + tooMany() + "}"
        }) {
      Api.Response r = api.send("PATCH", "/api/v1/restaurants/me", body, owner.token(), null, null);
      assertEquals(422, r.status(), r::toString);
      assertEquals("tables", r.json().path("errors").get(0).path("field").asText(), r::toString);
    }
    Api.Response wrongType =
        api.send("PATCH", "/api/v1/restaurants/me", "{\"tables\":[1]}", owner.token(), null, null);
    assertEquals(400, wrongType.status(), wrongType::toString);
  }

  static String tooMany() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 1; i <= 201; i++) {
      b.append(i == 1 ? "" : ",").append('"').append(i).append('"');
    }
    return b.append(']').toString();
  }
}
