package dev.ordersync.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The server answered with an error. Its {@link #problem()} is the whole problem+json body, so
 * every member is reachable: {@link #code()}, {@link #detail()}, {@link #errors()} (per field), and
 * extensions such as {@link #nextOpeningAt()} or {@link #gatewayCode()}; {@link #metadata()} has
 * the response's headers. The subclasses name the usual reasons; a plain {@code ApiException} is a
 * server failure (500), a status this SDK does not know, or a response it could not read.
 */
public sealed class ApiException extends OrderSyncException
    permits InvalidRequestException,
        AuthenticationException,
        PermissionException,
        NotFoundException,
        ConflictException,
        BusinessRuleException,
        RateLimitException,
        ServiceUnavailableException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;
  private final transient ResponseMetadata metadata;

  public ApiException(Problem problem) {
    this(problem, null, null);
  }

  public ApiException(Problem problem, ResponseMetadata metadata) {
    this(problem, metadata, null);
  }

  public ApiException(Problem problem, ResponseMetadata metadata, Throwable cause) {
    super(message(problem), cause);
    this.problem = problem;
    this.metadata = metadata;
  }

  /** The problem+json body as the server sent it (or as far as it could be read). */
  public Problem problem() {
    return problem;
  }

  /** The response's status, headers and request id; null for an exception made in a test. */
  public ResponseMetadata metadata() {
    return metadata;
  }

  @Override
  public int status() {
    return problem.status();
  }

  @Override
  public String code() {
    return problem.code();
  }

  @Override
  public String requestId() {
    if (problem.requestId() != null) {
      return problem.requestId();
    }
    return metadata == null ? null : metadata.requestId();
  }

  @Override
  public String detail() {
    return problem.detail();
  }

  @Override
  public List<FieldError> errors() {
    return problem.errors();
  }

  /** The problem's short title (the status's name), or null. */
  public String title() {
    return problem.title();
  }

  /** The problem's type URI, or null. */
  public String type() {
    return problem.type();
  }

  /** {@code next_opening_at}: when a closed restaurant opens ({@code restaurant_closed}). */
  public Optional<Instant> nextOpeningAt() {
    return problem.extensionInstant("next_opening_at");
  }

  /** {@code gateway_code}: the payment gateway's own reason ({@code payment_declined}...). */
  public Optional<String> gatewayCode() {
    return problem.extensionString("gateway_code");
  }

  private static String message(Problem p) {
    StringBuilder m = new StringBuilder();
    if (p.status() > 0) {
      m.append(p.status());
    }
    if (p.code() != null) {
      m.append(m.isEmpty() ? "" : " ").append(p.code());
    }
    String detail = p.detail() != null ? p.detail() : p.title();
    if (detail != null) {
      m.append(m.isEmpty() ? "" : ": ").append(detail);
    }
    for (FieldError e : p.errors()) {
      m.append("; ").append(e.field()).append(' ').append(e.message());
    }
    if (p.requestId() != null) {
      m.append(" (request ").append(p.requestId()).append(')');
    }
    return m.toString();
  }
}
