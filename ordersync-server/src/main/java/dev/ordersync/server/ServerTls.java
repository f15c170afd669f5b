package dev.ordersync.server;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * TLS on the public port (decision 0050-config-tls): the certificate and key from PEM files, TLS
 * 1.3 only unless ORDERSYNC_TLS_MIN_VERSION is 1.2, the files looked at every reload interval and
 * the listener given the new ones when they changed (connections already open keep theirs), and
 * {@code Strict-Transport-Security} on every answer.
 */
final class ServerTls implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());

  /** One year; no includeSubDomains, which would bind the operator's other hosts too. */
  static final String HSTS = "max-age=31536000";

  private final ServerConfig.TlsSettings settings;
  private final ScheduledExecutorService watcher;
  private volatile Stamp loaded;

  private ServerTls(ServerConfig.TlsSettings settings, Stamp loaded) {
    this.settings = settings;
    this.loaded = loaded;
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ordersync-tls-reload").factory());
  }

  /** The modification times and sizes of the two files, to see that either changed. */
  private record Stamp(FileTime certTime, long certSize, FileTime keyTime, long keySize) {
    static Stamp of(ServerConfig.TlsSettings s) throws IOException {
      return new Stamp(
          Files.getLastModifiedTime(s.cert()),
          Files.size(s.cert()),
          Files.getLastModifiedTime(s.key()),
          Files.size(s.key()));
    }
  }

  /**
   * The server's TLS from the files; a {@link StartupException} naming the file when one cannot be
   * read, holds no certificate or key, or the key is not the certificate's.
   */
  static Tls tls(ServerConfig.TlsSettings settings) {
    byte[] cert = read(settings.cert(), "ORDERSYNC_TLS_CERT");
    byte[] key = pkcs8(read(settings.key(), "ORDERSYNC_TLS_KEY"));
    List<X509Certificate> chain;
    try {
      chain =
          Keys.builder()
              .pem(p -> p.certChain(Resource.create("ORDERSYNC_TLS_CERT", cert)))
              .build()
              .certChain();
    } catch (RuntimeException e) {
      chain = List.of();
    }
    if (chain.isEmpty()) {
      throw new StartupException(
          "ORDERSYNC_TLS_CERT "
              + settings.cert()
              + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    PrivateKey privateKey;
    try {
      privateKey =
          Keys.builder()
              .pem(p -> p.key(Resource.create("ORDERSYNC_TLS_KEY", key)))
              .build()
              .privateKey()
              .orElse(null);
    } catch (RuntimeException e) {
      privateKey = null;
    }
    if (privateKey == null) {
      throw new StartupException(
          "ORDERSYNC_TLS_KEY "
              + settings.key()
              + " holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----, RSA or EC)");
    }
    if (!matches(privateKey, chain.getFirst().getPublicKey())) {
      throw new StartupException(
          "ORDERSYNC_TLS_KEY "
              + settings.key()
              + " is not the key of the certificate in ORDERSYNC_TLS_CERT "
              + settings.cert()
              + " ("
              + chain.getFirst().getSubjectX500Principal().getName()
              + ")");
    }
    return Tls.builder()
        .privateKey(privateKey)
        .privateKeyCertChain(chain)
        .enabledProtocols(settings.protocols())
        .build();
  }

  /**
   * Starts looking at the files for {@code server}'s default listener (already started); the
   * watching ends by itself when the server stops.
   */
  static ServerTls watch(ServerConfig.TlsSettings settings, WebServer server) {
    Stamp stamp;
    try {
      stamp = Stamp.of(settings);
    } catch (IOException e) {
      stamp = null;
    }
    ServerTls tls = new ServerTls(settings, stamp);
    long every = settings.reloadInterval().toMillis();
    tls.watcher.scheduleWithFixedDelay(
        () -> tls.reloadIfChanged(server), every, every, TimeUnit.MILLISECONDS);
    return tls;
  }

  private void reloadIfChanged(WebServer server) {
    if (!server.isRunning()) {
      watcher.shutdown(); // the server stopped: so does the watching
      return;
    }
    try {
      Stamp now = Stamp.of(settings);
      if (Objects.equals(now, loaded)) {
        return;
      }
      Tls fresh = tls(settings);
      server.reloadTls(fresh);
      loaded = now;
      LOG.info(
          "TLS: new certificate from "
              + settings.cert()
              + " for new connections ("
              + fresh.sslContext().getProtocol()
              + ")");
    } catch (IOException | StartupException e) {
      // Half-written files (the key written before the certificate) are seen again next time;
      // the listener keeps the certificate it has.
      LOG.warning("TLS: the certificate was not reloaded, the old one stays: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "TLS: the certificate was not reloaded, the old one stays", e);
    }
  }

  /** {@code Strict-Transport-Security} on every answer of the TLS listener. */
  static Filter hsts() {
    return (FilterChain chain, RoutingRequest req, RoutingResponse res) -> {
      res.header("Strict-Transport-Security", HSTS);
      chain.proceed();
    };
  }

  @Override
  public void close() {
    watcher.shutdownNow();
  }

  private static byte[] read(Path file, String name) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StartupException(
          name + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static final String SEC1_BEGIN = "-----BEGIN EC PRIVATE KEY-----";
  private static final String SEC1_END = "-----END EC PRIVATE KEY-----";

  /**
   * An EC key in SEC 1 form ({@code BEGIN EC PRIVATE KEY}, what {@code openssl ecparam -genkey}
   * writes) rewritten as PKCS#8, which Helidon's PEM reader takes; anything else as it is.
   */
  static byte[] pkcs8(byte[] pem) {
    String text = new String(pem, java.nio.charset.StandardCharsets.US_ASCII);
    int begin = text.indexOf(SEC1_BEGIN);
    int end = text.indexOf(SEC1_END);
    if (begin < 0 || end < begin) {
      return pem;
    }
    try {
      byte[] der =
          java.util.Base64.getMimeDecoder()
              .decode(text.substring(begin + SEC1_BEGIN.length(), end).strip());
      var ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
      byte[] info =
          new org.bouncycastle.asn1.pkcs.PrivateKeyInfo(
                  new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                      org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey,
                      ec.getParametersObject()),
                  ec)
              .getEncoded();
      return ("-----BEGIN PRIVATE KEY-----\n"
              + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(info)
              + "\n-----END PRIVATE KEY-----\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return pem; // encrypted or damaged: the PEM reader says no, and so do we
    }
  }

  /** Whether {@code key} signs what {@code pub} verifies. */
  private static boolean matches(PrivateKey key, PublicKey pub) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null || !key.getAlgorithm().equals(pub.getAlgorithm())) {
      return algorithm == null && key.getAlgorithm().equals(pub.getAlgorithm());
    }
    try {
      byte[] probe = "ordersync-tls-key-check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(pub);
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
