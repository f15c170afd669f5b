package dev.ordersync.server.auth;

import dev.ordersync.core.user.CommonPasswords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The 30,000 most common passwords, as shipped (and kept up to date) by zxcvbn4j, compared
 * case-insensitively: a password whose lower-case form is on the list is refused.
 */
public final class ZxcvbnCommonPasswords implements CommonPasswords {
  private static final String LIST = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";
  private final Set<String> common;

  public ZxcvbnCommonPasswords() {
    Set<String> words = new HashSet<>(40_000);
    try (InputStream in = ZxcvbnCommonPasswords.class.getResourceAsStream(LIST)) {
      if (in == null) {
        throw new IllegalStateException(
            "the common password list is missing from the classpath: " + LIST);
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        r.lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .forEach(l -> words.add(l.toLowerCase(Locale.ROOT)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.common = Set.copyOf(words);
  }

  @Override
  public boolean isCommon(String password) {
    return common.contains(password.toLowerCase(Locale.ROOT));
  }

  public int size() {
    return common.size();
  }
}
