package dev.ordersync.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints as C2SP signed notes: the text, the signature, and everything a verifier must refuse.
 */
class CheckpointTest {
  private static final Hash ROOT =
      Hash.fromHex("4cf70f21b10ff0e82fa3b4df804f34fcec16ef879029a73abe9baba74c1a534a");
  private final CheckpointSigner signer = AuditFixtures.signer();

  @Test
  void aCheckpointReadsAsOriginSizeRootABlankLineAndASignatureLine() throws Exception {
    Checkpoint cp = signer.sign(42, ROOT);
    String[] lines = cp.text().split("\n", -1);
    assertEquals(AuditFixtures.ORIGIN, lines[0]);
    assertEquals("42", lines[1]);
    assertEquals(ROOT.base64(), lines[2]);
    assertEquals("", lines[3]);
    assertTrue(lines[4].startsWith("\u2014 " + AuditFixtures.ORIGIN + " "), lines[4]);
    assertEquals("", lines[5]);
    assertEquals(6, lines.length);
    byte[] signature =
        Base64.getDecoder().decode(lines[4].substring(lines[4].lastIndexOf(' ') + 1));
    assertEquals(4 + 64, signature.length, "a 4-byte key id and a 64-byte Ed25519 signature");
  }

  @Test
  void theReadmesExampleCheckpointVerifiesWithItsVerifierKey() throws Exception {
    String note =
        """
        ordersync.example/audit
        34
        mSQMw+FBu/UZA0aQHsYHAW2G0cFFD7cS+ATK10SbGSw=

        — ordersync.example/audit 9iG0g4NWvAEMJGxsjWZdk2lAYiOwLUFhxM1hQ38rIcKMTDK8qQ3OlDRuHLt4nsMqTMkG4gxjVMrjy/JmCLApWSLs+gc=
        """;
    CheckpointVerifier v =
        CheckpointVerifier.fromVerifierKey(
            "ordersync.example/audit+f621b483+ATHfQZbfeEI6O0eu6kZ8H4/nAp25c7be232kWpFUFpPP");
    Checkpoint cp = v.verify(note);
    assertEquals(34, cp.size());
    assertEquals(Hash.fromBase64("mSQMw+FBu/UZA0aQHsYHAW2G0cFFD7cS+ATK10SbGSw="), cp.root());
    assertThrows(GeneralSecurityException.class, () -> v.verify(note.replace("\n34\n", "\n35\n")));
  }

  @Test
  void theKeyIdIsTheFirstFourBytesOfTheHashOfNameAndKey() throws Exception {
    String[] vkey = signer.verifierKey().split("\\+", 3); // the base64 key may hold a +
    byte[] typedKey = Base64.getDecoder().decode(vkey[2]);
    assertEquals(1, typedKey[0], "signature type 0x01 is Ed25519");
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update((AuditFixtures.ORIGIN + "\n").getBytes(StandardCharsets.UTF_8));
    d.update(typedKey);
    byte[] expectedId = Arrays.copyOf(d.digest(), 4);
    assertEquals(HexFormat.of().formatHex(expectedId), vkey[1]);
    String line = signer.sign(1, ROOT).text().split("\n")[4];
    byte[] signature = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1));
    assertArrayEquals(expectedId, Arrays.copyOf(signature, 4));
  }

  @Test
  void theTextRoundTripsThroughTheVerifierKey() throws Exception {
    Checkpoint cp = signer.sign(7, ROOT);
    ByteArrayOutputStream exported = new ByteArrayOutputStream();
    cp.writeTo(exported);
    CheckpointVerifier verifier = CheckpointVerifier.fromVerifierKey(signer.verifierKey());
    Checkpoint read = verifier.verify(exported.toString(StandardCharsets.UTF_8));
    assertEquals(cp, read);
    assertEquals(AuditFixtures.ORIGIN, read.origin());
    assertEquals(7, read.size());
    assertEquals(ROOT, read.root());
    assertEquals(signer.verifierKey(), verifier.verifierKey());
  }

  @Test
  void aCheckpointSignedByAnotherKeyIsRejected() throws Exception {
    CheckpointSigner impostor = CheckpointSigner.withNewKey(AuditFixtures.ORIGIN);
    Checkpoint forged = impostor.sign(1_000, ROOT);
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> signer.verifier().verify(forged.text()));
    assertTrue(e.getMessage().contains("not signed by"), e.getMessage());
  }

  @Test
  void aCheckpointWhoseTextWasChangedIsRejected() throws Exception {
    String text = signer.sign(5, ROOT).text();
    assertThrows(
        GeneralSecurityException.class,
        () -> signer.verifier().verify(text.replaceFirst("\n5\n", "\n6\n")));
    String otherRoot = Hash.ZERO.base64();
    assertThrows(
        GeneralSecurityException.class,
        () -> signer.verifier().verify(text.replace(ROOT.base64(), otherRoot)));
  }

  @Test
  void aBrokenSignatureFromTheTrustedKeyRejectsTheNoteEvenBesideAGoodOne() throws Exception {
    String text = signer.sign(5, ROOT).text();
    String line = text.split("\n")[4];
    byte[] sig = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1));
    sig[10] ^= 1;
    String bad =
        "\u2014 " + AuditFixtures.ORIGIN + " " + Base64.getEncoder().encodeToString(sig) + "\n";
    assertThrows(GeneralSecurityException.class, () -> signer.verifier().verify(text + bad));
  }

  @Test
  void signaturesByUnknownKeysAreIgnored() throws Exception {
    Checkpoint cp = signer.sign(5, ROOT);
    CheckpointSigner witness = CheckpointSigner.withNewKey("witness.example/w1");
    String witnessLine = witness.sign(5, ROOT).text().split("\n")[4];
    Checkpoint read = signer.verifier().verify(cp.text() + witnessLine + "\n");
    assertEquals(5, read.size());
  }

  @Test
  void aCheckpointOfAnotherLogIsRejected() throws Exception {
    CheckpointSigner other = CheckpointSigner.withNewKey("ordersync.test/another-log");
    assertThrows(
        GeneralSecurityException.class, () -> signer.verifier().verify(other.sign(1, ROOT).text()));
  }

  @Test
  void malformedNotesAreRejectedNotMisread() {
    CheckpointVerifier v = signer.verifier();
    for (String note :
        new String[] {
          "",
          "no newline",
          "origin\n1\nroot\n",
          AuditFixtures.ORIGIN + "\n01\n" + ROOT.base64() + "\n\n\u2014 x AAAAAAA=\n",
          "a\tb\n\n\u2014 x AAAAAAA=\n"
        }) {
      assertThrows(GeneralSecurityException.class, () -> v.verify(note), note);
    }
  }

  @Test
  void onlyRawEd25519KeysMaySign() throws Exception {
    KeysetHandle prefixed = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    assertThrows(
        GeneralSecurityException.class,
        () -> CheckpointSigner.ed25519(AuditFixtures.ORIGIN, prefixed));
    KeysetHandle raw = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519WithRawOutput);
    CheckpointSigner fromKeyset = CheckpointSigner.ed25519(AuditFixtures.ORIGIN, raw);
    CheckpointVerifier fromPublicKeyset =
        CheckpointVerifier.ed25519(AuditFixtures.ORIGIN, raw.getPublicKeysetHandle());
    assertEquals(3, fromPublicKeyset.verify(fromKeyset.sign(3, ROOT).text()).size());
  }

  @Test
  void keyNamesWithSpacesOrPlusAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CheckpointSigner.withNewKey("has space"));
    assertThrows(IllegalArgumentException.class, () -> CheckpointSigner.withNewKey("has+plus"));
  }
}
