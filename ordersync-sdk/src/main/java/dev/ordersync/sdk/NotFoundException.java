package dev.ordersync.sdk;

/**
 * 404: no such thing, or one that belongs to another restaurant (the server never says which), or a
 * live socket closed with 4404.
 */
public final class NotFoundException extends ApiException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(Problem problem) {
    super(problem);
  }

  public NotFoundException(Problem problem, ResponseMetadata metadata) {
    super(problem, metadata);
  }
}
