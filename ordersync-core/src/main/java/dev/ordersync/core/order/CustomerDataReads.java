package dev.ordersync.core.order;

import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.core.user.PersonalDataAccessLog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The record of a read of orders' customers (names, phones) by a handler: each order is a subject,
 * and so is its customer's account when it has one.
 */
final class CustomerDataReads {
  private CustomerDataReads() {}

  /** Records {@code reader}'s read of these orders' customers, if any of them shows any. */
  static void record(
      PersonalDataAccessLog log, Caller.SignedIn reader, String view, List<Order> orders) {
    Set<String> subjects = new LinkedHashSet<>();
    Set<String> fields = new LinkedHashSet<>();
    for (Order o : orders) {
      Customer c = o.customer();
      if (c == null || (c.name() == null && c.phone() == null)) {
        continue;
      }
      subjects.add(PersonalDataAccess.order(o.id()));
      if (c.userId() != null) {
        subjects.add(PersonalDataAccess.user(c.userId()));
      }
      if (c.name() != null) {
        fields.add(PersonalDataAccess.CUSTOMER_NAME);
      }
      if (c.phone() != null) {
        // Handlers see the phone masked (issue 17); the full number only through a reveal, which
        // records CUSTOMER_PHONE itself (RevealCustomerPhone).
        fields.add(PersonalDataAccess.CUSTOMER_PHONE_MASKED);
      }
    }
    if (!subjects.isEmpty()) {
      log.record(
          PersonalDataAccess.by(reader, view, new ArrayList<>(subjects), new ArrayList<>(fields)));
    }
  }
}
