package dev.fleetscope.views.common;

import java.time.Duration;
import java.time.Instant;

/** Formats how old data is, for status bars and panel footers. */
public final class Ages {
  private Ages() {}

  /** "just now", "12 s ago", "3 min ago", "2 h ago". */
  public static String ago(Instant then, Instant now) {
    long s = Math.max(0, Duration.between(then, now).getSeconds());
    if (s < 2) {
      return "just now";
    }
    if (s < 120) {
      return s + " s ago";
    }
    if (s < 7200) {
      return (s / 60) + " min ago";
    }
    return (s / 3600) + " h ago";
  }
}
