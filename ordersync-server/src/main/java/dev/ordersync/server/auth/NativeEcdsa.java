package dev.ordersync.server.auth;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.conscrypt.Conscrypt;

/**
 * Puts BoringSSL's ECDSA (through Conscrypt) ahead of the JDK's for {@code SHA256withECDSA}, and
 * for nothing else.
 *
 * <p>Every refresh signs an ES256 access token and every new access token is verified once; with
 * the JDK's own P-256 code that is about 0.26 ms per signature and 0.8 ms per verification on this
 * project's machine, the larger part of the CPU of {@code POST /auth/refresh}. BoringSSL does both
 * in well under 0.1 ms (docs/benchmarks.md, decision 0020). Only this one algorithm is taken from
 * Conscrypt: TLS, AES-GCM and everything else keep the JDK's providers, so the outbound HTTPS
 * clients (AWS KMS, Toss) behave exactly as before.
 *
 * <p>If the native library cannot load on a platform, nothing is installed and the JDK's ECDSA is
 * used: slower, equally correct. If Conscrypt refuses a key, the JDK's {@link
 * java.security.Signature} falls through to the next provider by itself.
 */
public final class NativeEcdsa {
  static final String PROVIDER = "OrderSyncNativeEcdsa";
  private static final Logger LOG = Logger.getLogger(NativeEcdsa.class.getName());

  private NativeEcdsa() {}

  /** Installs the provider once per JVM; true if the native signature is in use. */
  public static synchronized boolean install() {
    if (Security.getProvider(PROVIDER) != null) {
      return true;
    }
    Provider.Service native256;
    try {
      if (!Conscrypt.isAvailable()) {
        LOG.info("Conscrypt is not available on this platform; ES256 uses the JDK's own ECDSA");
        return false;
      }
      Provider conscrypt = Conscrypt.newProvider();
      native256 = conscrypt.getService("Signature", "SHA256withECDSA");
      // Tink takes its random numbers (every AES-GCM nonce) from Conscrypt whenever Conscrypt is on
      // the class path:
      // from the registered provider if there is one, else from a new provider built for each
      // thread that asks, which
      // on virtual threads is every request (a quarter of an order's CPU in the order benchmark's
      // profile). Registered
      // last, it is found by name and changes no default: JCA lookups without a provider still get
      // the JDK's.
      if (Security.getProvider(conscrypt.getName()) == null) {
        Security.addProvider(conscrypt);
      }
    } catch (LinkageError | RuntimeException e) {
      LOG.log(Level.INFO, "Conscrypt could not load; ES256 uses the JDK's own ECDSA", e);
      return false;
    }
    if (native256 == null) {
      return false;
    }
    Security.insertProviderAt(new OnlyEcdsa(native256), 1);
    return true;
  }

  /** A provider with one service, SHA256withECDSA, whose instances come from Conscrypt's. */
  private static final class OnlyEcdsa extends Provider {
    OnlyEcdsa(Provider.Service delegate) {
      super(PROVIDER, "1.0", "SHA256withECDSA from Conscrypt (BoringSSL), and nothing else");
      putService(
          new Provider.Service(
              this, "Signature", "SHA256withECDSA", delegate.getClassName(), List.of(), Map.of()) {
            @Override
            public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
              return delegate.newInstance(constructorParameter);
            }
          });
    }
  }
}
