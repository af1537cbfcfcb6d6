package dev.fleetscope.views.cluster;

import java.time.Duration;
import java.time.Instant;

/** An object's age as kubectl prints it (45s, 12m, 5h, 3d); sorts by the duration, unknown last. */
record Age(long seconds) implements Comparable<Age> {

  static Age of(Instant created, Instant now) {
    return new Age(created == null ? -1 : Math.max(0, Duration.between(created, now).getSeconds()));
  }

  @Override
  public int compareTo(Age o) {
    long a = seconds < 0 ? Long.MAX_VALUE : seconds;
    long b = o.seconds < 0 ? Long.MAX_VALUE : o.seconds;
    return Long.compare(a, b);
  }

  @Override
  public String toString() {
    if (seconds < 0) {
      return "—";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 120 * 60) {
      return (seconds / 60) + "m";
    }
    if (seconds < 48 * 3600) {
      return (seconds / 3600) + "h";
    }
    return (seconds / 86400) + "d";
  }
}
