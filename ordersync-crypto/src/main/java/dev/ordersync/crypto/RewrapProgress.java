package dev.ordersync.crypto;

/**
 * Where a {@link RewrapJob} is: counts since the job object started, the last position done, and
 * whether the pass over the source is complete.
 *
 * @param keyVersion the primary field key the job rewraps to
 * @param scanned values read
 * @param rewrapped values re-encrypted under the primary and replaced
 * @param alreadyCurrent values that were under the primary already
 * @param underSubjectKeys values under a subject's own key, which a field key rotation does not
 *     touch
 * @param conflicts values that changed between read and replace (left as the application wrote
 *     them)
 * @param unreadable values that could not be decrypted (see {@link RewrapSource#unreadable})
 * @param cursor the last position done, null before the first batch
 * @param resumed whether the pass started from a saved checkpoint
 * @param done whether the pass reached the end of the source
 */
public record RewrapProgress(
    int keyVersion,
    long scanned,
    long rewrapped,
    long alreadyCurrent,
    long underSubjectKeys,
    long conflicts,
    long unreadable,
    String cursor,
    boolean resumed,
    boolean done) {

  /**
   * True when a complete pass, from the start, found every value already under the primary: nothing
   * rewrapped, nothing changed meanwhile, nothing unreadable. Then older field keys can be retired.
   * A pass that did rewrap is followed by another, which is the check.
   */
  public boolean safeToRetire() {
    return done && !resumed && rewrapped == 0 && conflicts == 0 && unreadable == 0;
  }
}
