package dev.ordersync.crypto;

import dev.ordersync.crypto.internal.AssociatedData;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a value is stored: table, column and row id, and optionally the subject (a user, an
 * anonymous customer) whose personal data it is. All of it becomes the associated data of the
 * encryption, so a value decrypts only in the context it was written for; copied into another row
 * or column, it fails with {@link DecryptionFailedException}.
 *
 * <p>A context with a subject encrypts under that subject's own key, which {@link
 * FieldCrypto#shredSubject} destroys.
 *
 * <pre>{@code
 * FieldContext email = FieldContext.of("users", "email", userId.toString()).forSubject("user:" + userId);
 * }</pre>
 */
public final class FieldContext {
  private final byte domain;
  private final String table;
  private final String column;
  private final String rowId;
  private final String subject;

  private FieldContext(byte domain, String table, String column, String rowId, String subject) {
    this.domain = domain;
    this.table = table;
    this.column = column;
    this.rowId = rowId;
    this.subject = subject;
  }

  /**
   * The context of a column value. The row id must be known when the value is written, so rows
   * whose values are encrypted need ids chosen by the application (UUIDs), not assigned by the
   * database on insert.
   */
  public static FieldContext of(String table, String column, String rowId) {
    return new FieldContext(
        AssociatedData.DOMAIN_FIELD_VALUE,
        name(table, "table"),
        name(column, "column"),
        name(rowId, "rowId"),
        null);
  }

  /**
   * The context of a subject's wrapped key, as a {@link SubjectKeyStore} holds it: what a {@link
   * RewrapSource} over the subject-key table gives for each row, so that subject keys are rewrapped
   * under a new field key like any value.
   */
  public static FieldContext subjectKey(String subjectId) {
    String subject = name(subjectId, "subjectId");
    return new FieldContext(
        AssociatedData.DOMAIN_SUBJECT_KEY, "(subject keys)", "wrapped_key", subject, null);
  }

  /** This context, for the personal data of one subject: encrypted under the subject's own key. */
  public FieldContext forSubject(String subjectId) {
    if (domain != AssociatedData.DOMAIN_FIELD_VALUE) {
      throw new IllegalStateException("a subject key is not itself personal data of a subject");
    }
    return new FieldContext(domain, table, column, rowId, name(subjectId, "subjectId"));
  }

  public String table() {
    return table;
  }

  public String column() {
    return column;
  }

  public String rowId() {
    return rowId;
  }

  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  boolean isSubjectKey() {
    return domain == AssociatedData.DOMAIN_SUBJECT_KEY;
  }

  byte[] associatedData(byte[] header) {
    return AssociatedData.encode(header, domain, table, column, rowId, subject);
  }

  private static String name(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldContext c
        && domain == c.domain
        && table.equals(c.table)
        && column.equals(c.column)
        && rowId.equals(c.rowId)
        && Objects.equals(subject, c.subject);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domain, table, column, rowId, subject);
  }

  /**
   * {@code users.email[42]}, {@code users.email[42] of subject user:42}, {@code subject key of
   * user:42}.
   */
  @Override
  public String toString() {
    if (isSubjectKey()) {
      return "subject key of " + rowId;
    }
    return table
        + "."
        + column
        + "["
        + rowId
        + "]"
        + (subject == null ? "" : " of subject " + subject);
  }
}
