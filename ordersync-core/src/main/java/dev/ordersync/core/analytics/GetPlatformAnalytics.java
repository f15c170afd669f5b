package dev.ordersync.core.analytics;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * An administrator reads every restaurant's numbers over a range of days (each restaurant's days in
 * its own time zone): the platform's totals and one page of restaurants, highest gross first.
 */
public final class GetPlatformAnalytics {
  /** The longest range one request may cover, in days (both ends included). */
  public static final int MAX_DAYS = 92;

  public static final int MAX_LIMIT = 200;

  private final SalesFigures figures;
  private final UnitOfWork unitOfWork;

  public GetPlatformAnalytics(SalesFigures figures, UnitOfWork unitOfWork) {
    this.figures = figures;
    this.unitOfWork = unitOfWork;
  }

  /**
   * One page of the platform view.
   *
   * @param limit 1 to {@link #MAX_LIMIT} restaurants
   * @param offset 0 or more
   */
  public record Query(LocalDate from, LocalDate to, int limit, int offset) {
    public Query {
      List<FieldError> errors = new ArrayList<>();
      if (from == null) {
        errors.add(new FieldError("from", "is required"));
      }
      if (to == null) {
        errors.add(new FieldError("to", "is required"));
      }
      if (from != null && to != null) {
        if (to.isBefore(from)) {
          errors.add(new FieldError("to", "must not be before from"));
        } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
          errors.add(
              new FieldError(
                  "to", "must be at most " + MAX_DAYS + " days from from, both included"));
        }
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
      }
      if (offset < 0) {
        errors.add(new FieldError("offset", "must be 0 or more"));
      }
      DomainException.Invalid.throwIfAny(errors);
    }
  }

  /** Refuses anyone but an administrator (401, 403) before the request's parameters are read. */
  public void authorize(Caller caller) {
    if (!(caller instanceof Caller.SignedIn s)) {
      throw new DomainException.Unauthenticated("unauthenticated", "sign in as an administrator");
    }
    if (s.role() != Role.ADMIN) {
      throw new DomainException.Forbidden("only an administrator may do this");
    }
  }

  public SalesFigures.PlatformPage handle(Caller caller, Query query) {
    authorize(caller);
    return unitOfWork.run(
        () -> figures.platform(query.from(), query.to(), query.limit(), query.offset()));
  }
}
