package dev.fleetscope.views.slo;

import dev.fleetscope.services.slo.AlertState;
import dev.fleetscope.views.widgets.Badge;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** How the SLO section writes its numbers, the same in the list, the detail and exports. */
public final class SloFormat {
  private SloFormat() {}

  /** A share as a percentage with enough digits for nines: 99.5%, 99.95%, 63.2%. */
  public static String percent(double share) {
    if (Double.isNaN(share)) {
      return "–";
    }
    double p = share * 100;
    if (Math.abs(p) >= 99 && Math.abs(p) < 100) {
      return String.format(Locale.ROOT, "%.3f%%", p).replaceAll("0+%$", "%").replace(".%", "%");
    }
    return String.format(Locale.ROOT, "%.1f%%", p);
  }

  public static String burn(double rate) {
    if (Double.isNaN(rate)) {
      return "–";
    }
    return String.format(Locale.ROOT, rate >= 100 ? "%.0f×" : rate >= 10 ? "%.1f×" : "%.2f×", rate);
  }

  /** A duration as an on-call engineer says it: 45m, 6h, 2d 4h, 28d. */
  public static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 48) {
      long m = minutes % 60;
      return hours + "h" + (m == 0 || hours >= 6 ? "" : " " + m + "m");
    }
    long days = d.toDays();
    long h = hours % 24;
    return days + "d" + (h == 0 || days >= 7 ? "" : " " + h + "h");
  }

  public static String exhaustion(Optional<Duration> d) {
    return d.map(x -> x.isZero() ? "spent" : "in " + duration(x)).orElse("not burning");
  }

  public static Badge badge(AlertState s) {
    return new Badge(
        s.label(),
        switch (s) {
          case PAGE -> Badge.Severity.DANGER;
          case TICKET -> Badge.Severity.WARNING;
          case LOW_TRAFFIC, NO_DATA -> Badge.Severity.INFO;
          case OK -> Badge.Severity.OK;
        });
  }
}
