package dev.ordersync.server;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The names of the environment variables the server reads, found by asking {@link ServerConfig}
 * itself: its reading of an environment is recorded, so a deployment file that sets a variable the
 * server never reads (a typo, a setting that was renamed) is caught by a test, not in production.
 */
final class ServerSettings {
  private ServerSettings() {}

  /** An environment that remembers every name asked for. */
  private static final class Recording extends AbstractMap<String, String> {
    private final Map<String, String> values;
    final Set<String> asked = new TreeSet<>();
    boolean iterated;

    Recording(Map<String, String> values) {
      this.values = new HashMap<>(values);
    }

    @Override
    public String get(Object key) {
      asked.add(String.valueOf(key));
      return values.get(key);
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
      asked.add(String.valueOf(key));
      return values.getOrDefault(key, fallback);
    }

    @Override
    public boolean containsKey(Object key) {
      asked.add(String.valueOf(key));
      return values.containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
      iterated = true;
      values.forEach(action);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      iterated = true;
      return values.entrySet();
    }
  }

  /**
   * Reads {@code env} as the server does at start (throwing {@link ServerConfig.Invalid} for a
   * value it refuses) and returns the names it asked for.
   */
  static Set<String> read(Map<String, String> env) {
    Recording recording = new Recording(env);
    ServerConfig.fromEnvironment(recording);
    return recording.asked;
  }

  /**
   * Whether {@code name} is a setting of the server: a name {@link ServerConfig} asks for, or one
   * of the OpenTelemetry SDK's {@code OTEL_*} variables, which it hands on whole.
   */
  static boolean known(String name) {
    return name.startsWith("OTEL_") || read(Map.of()).contains(name);
  }
}
