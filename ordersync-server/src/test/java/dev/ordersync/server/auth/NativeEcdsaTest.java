package dev.ordersync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * BoringSSL's ECDSA, installed for SHA256withECDSA only, interoperates with the JDK's both ways.
 */
class NativeEcdsaTest {
  @Test
  void onlyTheEcdsaSignatureComesFromTheNativeProviderAndItInteroperatesWithTheJdk()
      throws Exception {
    assertTrue(NativeEcdsa.install(), "Conscrypt loads on the project's machines (linux-x86_64)");
    assertTrue(NativeEcdsa.install(), "idempotent");
    assertEquals(NativeEcdsa.PROVIDER, Security.getProviders()[0].getName());
    assertEquals(1, Security.getProviders()[0].getServices().size(), "one service, nothing else");

    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();
    byte[] message = "header.payload".getBytes(StandardCharsets.US_ASCII);

    Signature nativeSign = Signature.getInstance("SHA256withECDSA");
    nativeSign.initSign(keys.getPrivate());
    nativeSign.update(message);
    byte[] byNative = nativeSign.sign();
    assertEquals(NativeEcdsa.PROVIDER, nativeSign.getProvider().getName());

    Signature jdkVerify = Signature.getInstance("SHA256withECDSA", "SunEC");
    jdkVerify.initVerify(keys.getPublic());
    jdkVerify.update(message);
    assertTrue(jdkVerify.verify(byNative), "the JDK verifies what BoringSSL signed");

    Signature jdkSign = Signature.getInstance("SHA256withECDSA", "SunEC");
    jdkSign.initSign(keys.getPrivate());
    jdkSign.update(message);
    byte[] byJdk = jdkSign.sign();
    Signature nativeVerify = Signature.getInstance("SHA256withECDSA");
    nativeVerify.initVerify(keys.getPublic());
    nativeVerify.update(message);
    assertTrue(nativeVerify.verify(byJdk), "and BoringSSL what the JDK signed");
    nativeVerify.initVerify(keys.getPublic());
    nativeVerify.update("header.payloaD".getBytes(StandardCharsets.US_ASCII));
    assertFalse(nativeVerify.verify(byJdk), "a changed message fails");

    assertFalse(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName().contains("Native"));
    assertEquals("SunJSSE", SSLContext.getDefault().getProvider().getName(), "TLS stays the JDK's");
  }
}
