package dev.ordersync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one fault scenario measured, printed as one line: the orders acknowledged, how many of them
 * the database lost, how many orders it holds twice, the error window (fault to the first
 * acknowledgement after it) and the errors the clients saw, by kind.
 *
 * @param lost acknowledged orders missing from the database afterwards
 * @param duplicated orders in the database beyond one per acknowledged order (a key or a client's
 *     logical order that made two), plus replays that answered another order
 * @param replayed acknowledgements that were replays (the order had committed but its first answer
 *     was lost to the fault: the resend by key got it back instead of making a second)
 * @param unresolved orders a client gave up on (no acknowledgement within the give-up time)
 * @param refused orders refused with a 4xx other than 409 (never expected here)
 * @param serverErrors 5xx answers other than 503
 * @param windowsMs per fault, ms from the fault to the first acknowledgement of a request sent
 *     after it
 * @param failures the scenario's own checks that failed (e.g. health not degraded during a Redis
 *     outage)
 */
record Figures(
    String scenario,
    int faults,
    long acknowledged,
    long lost,
    long duplicated,
    long replayed,
    long unresolved,
    long refused,
    long serverErrors,
    long replaysChecked,
    List<Long> windowsMs,
    Map<String, Long> errors,
    long severeLines,
    Map<String, String> extra,
    List<String> failures) {

  boolean failed() {
    return !allFailures().isEmpty();
  }

  List<String> allFailures() {
    List<String> all = new ArrayList<>(failures);
    if (acknowledged == 0) {
      all.add("no order was acknowledged");
    }
    if (lost > 0) {
      all.add(lost + " acknowledged orders lost");
    }
    if (duplicated > 0) {
      all.add(duplicated + " orders duplicated");
    }
    if (unresolved > 0) {
      all.add(unresolved + " orders never acknowledged");
    }
    if (refused > 0) {
      all.add(refused + " orders refused with a 4xx");
    }
    if (serverErrors > 0) {
      all.add(serverErrors + " answers 5xx other than 503");
    }
    return all;
  }

  /** The error window over the faults: min/median/max ms. */
  String window() {
    List<Long> w = windowsMs.stream().sorted().toList();
    if (w.isEmpty()) {
      return "-";
    }
    return w.getFirst() + "/" + w.get(w.size() / 2) + "/" + w.getLast();
  }

  String line() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "FAULTS scenario=%s faults=%d acknowledged=%d lost=%d duplicated=%d"
                    + " acknowledged_by_replay=%d unresolved=%d"
                    + " refused=%d 5xx_not_503=%d replays_checked=%d error_window_ms(min/median/max)=%s"
                    + " client_errors=%s severe_log_lines=%d",
                scenario,
                faults,
                acknowledged,
                lost,
                duplicated,
                replayed,
                unresolved,
                refused,
                serverErrors,
                replaysChecked,
                window(),
                errors,
                severeLines));
    extra.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    List<String> f = allFailures();
    sb.append(f.isEmpty() ? " result=PASS" : " result=FAIL (" + String.join("; ", f) + ")");
    return sb.toString();
  }
}
