package dev.fleetscope.services.slo;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Prometheus and the SLO formats write them: 5m, 1h30m, 28d, 4w. */
public final class PromDurations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|y|w|d|h|m|s)");

  private PromDurations() {}

  /** The shortest exact form: 30d, 6h, 5m, 90s. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }

  /**
   * Parses 28d, 2w, 1h30m.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.strip();
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
              });
      at = m.end();
    }
    if (s.isEmpty() || at != s.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (expected e.g. 5m, 6h, 28d, 4w)");
    }
    return total;
  }
}
