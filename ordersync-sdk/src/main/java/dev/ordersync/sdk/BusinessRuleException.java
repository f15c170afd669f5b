package dev.ordersync.sdk;

/**
 * 422: a well-formed request that a business rule refuses: the restaurant is closed ({@link
 * #nextOpeningAt()}) or paused, an item unavailable, options that break their group's rule, a
 * payment declined ({@link #gatewayCode()}), a refund over the balance, an idempotency key reused
 * with another body. The same request will be refused again until something changes. (422 {@code
 * validation_failed}, a malformed value, is an {@link InvalidRequestException}.)
 */
public final class BusinessRuleException extends ApiException {
  private static final long serialVersionUID = 1L;

  public BusinessRuleException(Problem problem) {
    super(problem);
  }

  public BusinessRuleException(Problem problem, ResponseMetadata metadata) {
    super(problem, metadata);
  }
}
