package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on the public port with certificates this test makes (Bouncy Castle): TLS 1.3 answers with
 * HSTS, TLS 1.2 is refused, a WebSocket works over wss, new certificate files are used by new
 * connections without a restart, and certificates that cannot be used stop the start.
 */
class TlsTest {
  private static Path dir;
  private static Path certFile;
  private static Path keyFile;
  private static Issued first;
  private static TestServer server;

  record Issued(KeyPair keys, X509Certificate cert) {}

  static Issued issue(String cn, String algorithm) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      gen.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      gen.initialize(2048);
    }
    KeyPair keys = gen.generateKeyPair();
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=" + cn),
            new BigInteger(64, new java.security.SecureRandom()),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(2))),
            new X500Name("CN=" + cn),
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
    var signer =
        new JcaContentSignerBuilder(algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA")
            .build(keys.getPrivate());
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    return new Issued(keys, cert);
  }

  static void writePem(Path file, Object o) throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      if (o instanceof java.security.PrivateKey k && k.getAlgorithm().equals("EC")) {
        // PKCS#8, as certbot writes it (RSA keys go out as PKCS#1, the other form read).
        pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null));
      } else {
        pem.writeObject(o);
      }
    }
    // Replaced whole, as a renewal does: written beside, then moved over the old file.
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text.toString(), StandardCharsets.US_ASCII);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static SSLContext trusting(X509Certificate... certs) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (int i = 0; i < certs.length; i++) {
      store.setCertificateEntry("c" + i, certs[i]);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("ordersync-tls");
    certFile = dir.resolve("cert.pem");
    keyFile = dir.resolve("key.pem");
    first = issue("first.ordersync.test", "EC");
    writePem(certFile, first.cert());
    writePem(keyFile, first.keys().getPrivate());
    server =
        TestServer.start(
            Map.of(
                "ORDERSYNC_TLS_CERT",
                certFile.toString(),
                "ORDERSYNC_TLS_KEY",
                keyFile.toString(),
                "ORDERSYNC_TLS_RELOAD_INTERVAL",
                "PT1S",
                "ORDERSYNC_WS_PING_INTERVAL",
                "PT1S"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static X509Certificate handshake(SSLContext ctx, String... protocols) throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5000);
      socket.setEnabledProtocols(protocols);
      socket.startHandshake();
      assertEquals(protocols[0], socket.getSession().getProtocol());
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void anHttpsRequestOverTls13IsAnsweredWithHsts() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(trusting(first.cert(), second().cert()))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    for (String path : new String[] {"/observe/health", "/no-such-page"}) {
      HttpResponse<String> res =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(path.equals("/observe/health") ? 200 : 404, res.statusCode(), path);
      assertEquals(
          "max-age=31536000",
          res.headers().firstValue("Strict-Transport-Security").orElse(null),
          "HSTS on " + path);
      assertEquals("TLSv1.3", res.sslSession().orElseThrow().getProtocol());
    }
  }

  @Test
  void aTls12OnlyClientIsRefused() throws Exception {
    SSLContext ctx = trusting(first.cert(), second().cert());
    assertThrows(javax.net.ssl.SSLException.class, () -> handshake(ctx, "TLSv1.2"));
  }

  @Test
  void theManagementPortStaysPlainHttp() throws Exception {
    HttpResponse<String> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.managementPort() + "/observe/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, res.statusCode());
    assertFalse(res.headers().firstValue("Strict-Transport-Security").isPresent());
  }

  @Test
  void aWebSocketWorksOverWss() throws Exception {
    CompletableFuture<String> firstFrame = new CompletableFuture<>();
    WebSocket ws =
        HttpClient.newBuilder()
            .sslContext(trusting(first.cert(), second().cert()))
            .build()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(
                URI.create(
                    "wss://localhost:"
                        + server.port()
                        + "/ws/restaurants/"
                        + UUID.randomUUID()
                        + "/menu"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    firstFrame.complete("text");
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onPing(WebSocket w, ByteBuffer message) {
                    firstFrame.complete("ping");
                    return WebSocket.Listener.super.onPing(w, message);
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                    firstFrame.complete("close " + code);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    try {
      // The upgrade went through over TLS; the server's first frame (a snapshot, a ping or a
      // close with its code) comes back over it too.
      assertNotNull(firstFrame.get(10, TimeUnit.SECONDS));
    } finally {
      ws.abort();
    }
  }

  private static volatile Issued second;

  private static synchronized Issued second() throws Exception {
    if (second == null) {
      second = issue("second.ordersync.test", "RSA");
    }
    return second;
  }

  @Test
  void newCertificateFilesReachNewConnectionsWithoutARestart() throws Exception {
    SSLContext both = trusting(first.cert(), second().cert());
    X509Certificate seen = handshake(both, "TLSv1.3");
    Issued next = seen.equals(first.cert()) ? second() : first;
    writePem(keyFile, next.keys().getPrivate());
    writePem(certFile, next.cert());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!handshake(both, "TLSv1.3").equals(next.cert())) {
      assertTrue(System.nanoTime() < deadline, "the new certificate was not taken in 15 s");
      Thread.sleep(200);
    }
    assertEquals(200, health(both));
  }

  private static int health(SSLContext ctx) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(ctx)
        .build()
        .send(
            HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/observe/health"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void opensslSeesTls13() throws Exception {
    Path openssl = Path.of("/usr/bin/openssl");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(openssl),
        "openssl is not installed here: the s_client probe is skipped");
    String tls13 = sClient("-tls1_3");
    assertTrue(tls13.contains("New, TLSv1.3"), tls13);
    String refused = sClient("-tls1_2");
    assertFalse(refused.contains("New, TLSv1.2"), refused);
  }

  private static String sClient(String version) throws Exception {
    Process p =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + server.port(),
                "-servername",
                "localhost",
                version)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "openssl s_client did not end");
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String startError(Map<String, String> env) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TestServer.start(env).close());
    StartupException s = assertInstanceOf(StartupException.class, e.getCause());
    assertFalse(s.getMessage().contains("\n"), s.getMessage());
    return s.getMessage();
  }

  @Test
  void certificatesThatCannotBeUsedStopTheStartWithOneLine() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertEquals(
        "ORDERSYNC_TLS_CERT " + missing + " cannot be read (NoSuchFileException)",
        startError(
            Map.of(
                "ORDERSYNC_TLS_CERT",
                missing.toString(),
                "ORDERSYNC_TLS_KEY",
                keyFile.toString())));

    Path otherKey = dir.resolve("other-key.pem");
    Path certOnly = dir.resolve("cert-only.pem");
    writePem(certOnly, first.cert());
    writePem(otherKey, issue("x", "EC").keys().getPrivate());
    String m =
        startError(
            Map.of(
                "ORDERSYNC_TLS_CERT",
                certOnly.toString(),
                "ORDERSYNC_TLS_KEY",
                otherKey.toString()));
    assertTrue(
        m.startsWith(
            "ORDERSYNC_TLS_KEY "
                + otherKey
                + " is not the key of the certificate in ORDERSYNC_TLS_CERT"),
        m);

    Path notPem = dir.resolve("not.pem");
    Files.writeString(notPem, "hello\n");
    assertTrue(
        startError(
                Map.of(
                    "ORDERSYNC_TLS_CERT",
                    notPem.toString(),
                    "ORDERSYNC_TLS_KEY",
                    otherKey.toString()))
            .contains("holds no PEM certificate"));
  }

  /** An EC key as {@code openssl ecparam -genkey} writes it (SEC 1) is read too. */
  @Test
  void anEcKeyInSec1FormIsRead() {
    String sec1 =
        """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIBm1b3DqTw+7UUs/IEC+Nu7SOFYLb0MrkVa7wn0/VAhLoAoGCCqGSM49
        AwEHoUQDQgAEudBsmgSYHK16BTq7xf80qdl8C5kpj3ElgKkPbnNaPvu11a4SfXyR
        AnliUhIANiMAeBoHStQrkY3eFW/JLDSAnQ==
        -----END EC PRIVATE KEY-----
        """;
    byte[] pkcs8 = ServerTls.pkcs8(sec1.getBytes(StandardCharsets.US_ASCII));
    assertTrue(
        new String(pkcs8, StandardCharsets.US_ASCII).startsWith("-----BEGIN PRIVATE KEY-----"));
    var key =
        io.helidon.common.pki.Keys.builder()
            .pem(p -> p.key(io.helidon.common.configurable.Resource.create("k", pkcs8)))
            .build()
            .privateKey();
    assertEquals("EC", key.orElseThrow().getAlgorithm());
  }
}
