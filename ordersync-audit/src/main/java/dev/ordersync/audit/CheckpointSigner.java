package dev.ordersync.audit;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import dev.ordersync.audit.internal.SignedNote;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Signs checkpoints with an Ed25519 key held in a Tink keyset. The key's name is the log's origin,
 * as C2SP recommends, so one string identifies both the log and who vouches for it.
 */
public final class CheckpointSigner {
  static {
    try {
      SignatureConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String origin;
  private final PublicKeySign sign;
  private final byte[] publicKey;
  private final byte[] keyId;

  private CheckpointSigner(String origin, PublicKeySign sign, byte[] publicKey) {
    this.origin = origin;
    this.sign = sign;
    this.publicKey = publicKey;
    this.keyId = SignedNote.keyId(origin, publicKey);
  }

  /**
   * Signs with the primary key of {@code privateKeyset}, which must be an Ed25519 key without an
   * output prefix (Tink's ED25519_RAW template, {@code
   * PredefinedSignatureParameters.ED25519WithRawOutput}): a prefixed signature would not be a plain
   * Ed25519 signature, and other tools could not check it.
   */
  public static CheckpointSigner ed25519(String origin, KeysetHandle privateKeyset)
      throws GeneralSecurityException {
    SignedNote.checkName(origin);
    Objects.requireNonNull(privateKeyset, "privateKeyset");
    if (!(privateKeyset.getPrimary().getKey() instanceof Ed25519PrivateKey key)
        || key.getParameters().getVariant() != Ed25519Parameters.Variant.NO_PREFIX) {
      throw new GeneralSecurityException(
          "checkpoints are signed with a raw Ed25519 key (template ED25519_RAW)");
    }
    PublicKeySign sign =
        privateKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    return new CheckpointSigner(origin, sign, key.getPublicKey().getPublicKeyBytes().toByteArray());
  }

  /**
   * A signer with a new key that exists only in this object: for tests and examples. A real log
   * keeps its keyset (encrypted) and passes it to {@link #ed25519}, or its checkpoints cannot be
   * checked after a restart.
   */
  public static CheckpointSigner withNewKey(String origin) throws GeneralSecurityException {
    return ed25519(
        origin, KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519WithRawOutput));
  }

  public String origin() {
    return origin;
  }

  /**
   * The public half in Go note format ({@code <name>+<key id>+<base64 key>}): give it to whoever
   * verifies.
   */
  public String verifierKey() {
    return SignedNote.verifierKey(origin, publicKey);
  }

  public CheckpointVerifier verifier() {
    try {
      return CheckpointVerifier.fromVerifierKey(verifierKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("our own verifier key does not read back", e);
    }
  }

  /** Signs "this log held {@code size} records with tree hash {@code root}". */
  public Checkpoint sign(long size, Hash root) throws GeneralSecurityException {
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    String text = SignedNote.checkpointText(origin, size, root.bytes());
    byte[] signature = sign.sign(text.getBytes(StandardCharsets.UTF_8));
    return new Checkpoint(origin, size, root, SignedNote.sign(text, origin, keyId, signature));
  }
}
