package dev.ordersync.core.user;

/**
 * Where reads of personal data by those who handle it are recorded, in the reading unit of work: a
 * read whose record cannot be written fails, so no personal data leaves without its record.
 */
public interface PersonalDataAccessLog {
  void record(PersonalDataAccess access);

  /** Records nothing: for tests of use cases that do not look at the records. */
  static PersonalDataAccessLog none() {
    return access -> {};
  }
}
