package dev.ordersync.audit;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignatureConfig;
import com.google.crypto.tink.util.Bytes;
import dev.ordersync.audit.internal.SignedNote;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** Checks checkpoint notes against one trusted Ed25519 key, whose name is the log's origin. */
public final class CheckpointVerifier {
  static {
    try {
      SignatureConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String origin;
  private final byte[] publicKey;
  private final byte[] keyId;
  private final PublicKeyVerify verify;

  private CheckpointVerifier(String origin, byte[] publicKey) throws GeneralSecurityException {
    this.origin = origin;
    this.publicKey = publicKey;
    this.keyId = SignedNote.keyId(origin, publicKey);
    Ed25519PublicKey key = Ed25519PublicKey.create(Bytes.copyFrom(publicKey));
    this.verify =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
            .build()
            .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
  }

  /**
   * From the text {@link CheckpointSigner#verifierKey()} gives ({@code <origin>+<key id>+<base64
   * key>}).
   */
  public static CheckpointVerifier fromVerifierKey(String verifierKey)
      throws GeneralSecurityException {
    SignedNote.VerifierKey key = SignedNote.parseVerifierKey(verifierKey);
    return new CheckpointVerifier(key.name(), key.publicKey());
  }

  /** From a Tink public keyset whose primary key is Ed25519. */
  public static CheckpointVerifier ed25519(String origin, KeysetHandle publicKeyset)
      throws GeneralSecurityException {
    SignedNote.checkName(origin);
    if (!(publicKeyset.getPrimary().getKey() instanceof Ed25519PublicKey key)) {
      throw new GeneralSecurityException("the primary key is not an Ed25519 public key");
    }
    return new CheckpointVerifier(origin, key.getPublicKeyBytes().toByteArray());
  }

  public String origin() {
    return origin;
  }

  public String verifierKey() {
    return SignedNote.verifierKey(origin, publicKey);
  }

  /**
   * Reads a checkpoint note and checks it: signed by this key (signatures by other keys are
   * ignored, as the format asks), for this log, and well formed.
   *
   * @throws GeneralSecurityException if any of that is not so; nothing in the note may be trusted
   *     then
   */
  public Checkpoint verify(String note) throws GeneralSecurityException {
    SignedNote.Parsed parsed = SignedNote.parse(note);
    boolean verified = false;
    for (SignedNote.Signature s : parsed.signatures()) {
      if (s.name().equals(origin) && Arrays.equals(s.keyId(), keyId)) {
        // A failing signature from the key we trust rejects the note, even if another line would
        // pass.
        verify.verify(s.signature(), parsed.text().getBytes(StandardCharsets.UTF_8));
        verified = true;
      }
    }
    if (!verified) {
      throw new GeneralSecurityException("the checkpoint is not signed by " + origin);
    }
    SignedNote.Body body = SignedNote.checkpointBody(parsed.text());
    if (!body.origin().equals(origin)) {
      throw new GeneralSecurityException(
          "the checkpoint is for log " + body.origin() + ", not " + origin);
    }
    return new Checkpoint(body.origin(), body.size(), Hash.of(body.root()), note);
  }
}
