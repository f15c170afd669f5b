package dev.ordersync.sdk;

/**
 * The request is malformed: 400 (bad JSON, a wrong type, an unknown field, a bad header or query
 * parameter), 413 (too large), 415 (not JSON), or 422 {@code validation_failed} (values missing or
 * out of range). A bug in the calling program, not something to retry. {@link #errors()} names the
 * fields ({@code items[0].quantity}).
 */
public final class InvalidRequestException extends ApiException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(Problem problem) {
    super(problem);
  }

  public InvalidRequestException(Problem problem, ResponseMetadata metadata) {
    super(problem, metadata);
  }
}
