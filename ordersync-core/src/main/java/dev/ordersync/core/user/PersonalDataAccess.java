package dev.ordersync.core.user;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One read of people's personal fields by someone who handles them (PIPA's 접속기록): who read ({@code
 * reader}, with its role and session), whose data ({@code subjects}: {@code user:<id>} for a person
 * with an account, {@code order:<id>} for the order of an anonymous customer, or of a customer with
 * an account beside their {@code user:<id>}), which fields, and through which view. One per
 * request, however many rows it shows.
 *
 * @param view what showed the data, such as {@code order_board} or {@code order_detail}
 * @param self whether the reader is the only subject (a person exporting their own data)
 */
public record PersonalDataAccess(
    Caller.SignedIn reader, String view, List<String> subjects, List<String> fields, boolean self) {
  public static final String CUSTOMER_NAME = "customer_name";
  public static final String CUSTOMER_PHONE = "customer_phone";

  /** A phone shown with all but its last four digits hidden (restaurants' views). */
  public static final String CUSTOMER_PHONE_MASKED = "customer_phone_masked";

  public static final String NOTE = "note";
  public static final String NAME = "name";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";

  public PersonalDataAccess {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(view, "view");
    subjects = List.copyOf(subjects);
    fields = List.copyOf(fields);
  }

  /** A read by someone other than the subjects themselves. */
  public static PersonalDataAccess by(
      Caller.SignedIn reader, String view, List<String> subjects, List<String> fields) {
    return new PersonalDataAccess(reader, view, subjects, fields, false);
  }

  public static String user(UUID id) {
    return "user:" + id;
  }

  public static String order(UUID id) {
    return "order:" + id;
  }

  /**
   * The caller, if reading someone's personal data makes it a handler whose reads are recorded: a
   * signed-in user who is not the person the data is about. A customer reading their own order and
   * the holder of an anonymous order's token are the data subjects themselves: their reads are not
   * handling and leave no record.
   *
   * @param subjectUser the account the data is about, or null for an anonymous customer
   */
  public static Optional<Caller.SignedIn> handler(Caller caller, UUID subjectUser) {
    if (caller instanceof Caller.SignedIn s && !s.userId().equals(subjectUser)) {
      return Optional.of(s);
    }
    return Optional.empty();
  }
}
