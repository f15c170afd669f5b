package dev.ordersync.sdk;

/**
 * 401: no credentials, wrong credentials, an expired token, a spent refresh token or a wrong second
 * factor code. A client with a {@link TokenProvider} has already refreshed once; log in again.
 */
public final class AuthenticationException extends ApiException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(Problem problem) {
    super(problem);
  }

  public AuthenticationException(Problem problem, ResponseMetadata metadata) {
    super(problem, metadata);
  }
}
