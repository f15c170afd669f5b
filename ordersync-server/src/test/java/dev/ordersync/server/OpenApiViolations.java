package dev.ordersync.server;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after the fact if any answer it received through {@link Api} did not match the
 * OpenAPI document, even when the {@link AssertionError} {@link Api} threw was lost (on a
 * background thread, or caught by the test). Registered for every test class of the module by
 * JUnit's extension auto-detection (META-INF/services, junit-platform.properties).
 */
public final class OpenApiViolations implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(OpenApiViolations.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NS).put("seen", OpenApiContract.violations().size());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Integer seen = context.getStore(NS).get("seen", Integer.class);
    List<String> all = OpenApiContract.violations();
    List<String> mine = all.subList(seen == null ? 0 : Math.min(seen, all.size()), all.size());
    if (!mine.isEmpty()) {
      throw new AssertionError(
          "answers this class received do not match openapi.yaml:\n  " + String.join("\n  ", mine));
    }
  }
}
