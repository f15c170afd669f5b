package dev.ordersync.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The C2SP signed-note format (c2sp.org/signed-note) with Ed25519 signatures, and the checkpoint
 * body of c2sp.org/tlog-checkpoint: written the way Go's {@code golang.org/x/mod/sumdb/note} writes
 * it, so that a checkpoint exported from here can be checked with ordinary transparency-log tools.
 */
public final class SignedNote {
  /** Em dash and space: what starts every signature line. */
  public static final String SIGNATURE_PREFIX = "\u2014 ";

  private static final byte ED25519 = 0x01;
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
  private static final int MAX_NOTE_CHARS = 64 * 1024;
  private static final int MAX_SIGNATURES = 100;

  private SignedNote() {}

  /** One signature line, not yet checked. */
  public record Signature(String name, byte[] keyId, byte[] signature) {}

  /** A note split into the text its signatures cover and the signatures. */
  public record Parsed(String text, List<Signature> signatures) {}

  /** The body of a checkpoint: origin, tree size, base64 root hash, then any extension lines. */
  public record Body(String origin, long size, byte[] root) {}

  /**
   * Key names double as log origins here: non-empty, no spaces of any kind, no '+', no control
   * characters.
   */
  public static void checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > 256) {
      throw new IllegalArgumentException(
          "a key name (the log's origin) must be 1 to 256 characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '+'
          || Character.isWhitespace(c)
          || Character.isSpaceChar(c)
          || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "a key name must not contain spaces, '+' or control characters: " + name);
      }
    }
  }

  /** SHA-256(name || 0x0A || 0x01 || public key)[:4], as the spec recommends for Ed25519. */
  public static byte[] keyId(String name, byte[] ed25519PublicKey) {
    byte[] digest =
        Sha256.of(
            name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', ED25519}, ed25519PublicKey);
    return Arrays.copyOf(digest, 4);
  }

  /**
   * {@code <name>+<hex key id>+<base64(0x01 || public key)>}, the verifier-key text of the Go note
   * package.
   */
  public static String verifierKey(String name, byte[] ed25519PublicKey) {
    byte[] typed = new byte[33];
    typed[0] = ED25519;
    System.arraycopy(ed25519PublicKey, 0, typed, 1, 32);
    return name
        + "+"
        + HexFormat.of().formatHex(keyId(name, ed25519PublicKey))
        + "+"
        + Base64.getEncoder().encodeToString(typed);
  }

  /** A verifier key read back: the key's name and its 32-byte Ed25519 public key. */
  public record VerifierKey(String name, byte[] publicKey) {}

  /** Reads a verifier key back, after checking that its key id matches its name and key. */
  public static VerifierKey parseVerifierKey(String vkey) throws GeneralSecurityException {
    // Split on the first two '+' only: the base64 key may hold more.
    String[] parts = vkey == null ? new String[0] : vkey.split("\\+", 3);
    if (parts.length != 3 || parts[1].length() != 8) {
      throw new GeneralSecurityException("a verifier key reads <name>+<8 hex digits>+<base64 key>");
    }
    byte[] typed;
    byte[] id;
    try {
      typed = Base64.getDecoder().decode(parts[2]);
      id = HexFormat.of().parseHex(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("malformed verifier key", e);
    }
    if (typed.length != 33 || typed[0] != ED25519) {
      throw new GeneralSecurityException("only Ed25519 verifier keys (type 0x01) are supported");
    }
    byte[] key = Arrays.copyOfRange(typed, 1, 33);
    checkName(parts[0]);
    if (!Arrays.equals(id, keyId(parts[0], key))) {
      throw new GeneralSecurityException("the verifier key's id does not match its name and key");
    }
    return new VerifierKey(parts[0], key);
  }

  public static String checkpointText(String origin, long size, byte[] root) {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
  }

  /** The text, a blank line, and one signature line. */
  public static String sign(String text, String name, byte[] keyId, byte[] signature) {
    byte[] both = new byte[keyId.length + signature.length];
    System.arraycopy(keyId, 0, both, 0, keyId.length);
    System.arraycopy(signature, 0, both, keyId.length, signature.length);
    return text
        + "\n"
        + SIGNATURE_PREFIX
        + name
        + " "
        + Base64.getEncoder().encodeToString(both)
        + "\n";
  }

  public static Parsed parse(String note) throws GeneralSecurityException {
    if (note == null || note.length() > MAX_NOTE_CHARS || !note.endsWith("\n")) {
      throw new GeneralSecurityException(
          "a signed note is text ending in a newline, at most " + MAX_NOTE_CHARS);
    }
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new GeneralSecurityException("a signed note must not contain control characters");
      }
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new GeneralSecurityException("a signed note has a blank line before its signatures");
    }
    String text = note.substring(0, split + 1);
    String[] lines = note.substring(split + 2).split("\n", -1);
    List<Signature> signatures = new ArrayList<>();
    // split() leaves one empty string after the final newline.
    for (int i = 0; i < lines.length - 1; i++) {
      signatures.add(signatureLine(lines[i]));
    }
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new GeneralSecurityException(
          "a signed note has 1 to " + MAX_SIGNATURES + " signature lines");
    }
    return new Parsed(text, signatures);
  }

  public static Body checkpointBody(String text) throws GeneralSecurityException {
    String[] lines = text.split("\n", -1);
    // The text ends in a newline, so the last element is empty; a checkpoint has at least three
    // lines before it.
    if (lines.length < 4) {
      throw new GeneralSecurityException("a checkpoint has an origin, a tree size and a root hash");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].isEmpty()) {
        throw new GeneralSecurityException("a checkpoint's lines are not empty");
      }
    }
    if (!DECIMAL.matcher(lines[1]).matches()) {
      throw new GeneralSecurityException(
          "a checkpoint's tree size is a decimal without leading zeros");
    }
    long size;
    byte[] root;
    try {
      size = Long.parseLong(lines[1]);
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("malformed checkpoint", e);
    }
    if (root.length != 32 || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
      throw new GeneralSecurityException("a checkpoint's root is the standard base64 of 32 bytes");
    }
    return new Body(lines[0], size, root);
  }

  private static Signature signatureLine(String line) throws GeneralSecurityException {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw new GeneralSecurityException("a signature line starts with an em dash and a space");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
      throw new GeneralSecurityException("a signature line reads: \u2014 <name> <base64>");
    }
    byte[] both;
    try {
      both = Base64.getDecoder().decode(rest.substring(space + 1));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("a signature is base64", e);
    }
    if (both.length < 5) {
      throw new GeneralSecurityException("a signature holds a key id and signature bytes");
    }
    return new Signature(
        rest.substring(0, space), Arrays.copyOf(both, 4), Arrays.copyOfRange(both, 4, both.length));
  }
}
