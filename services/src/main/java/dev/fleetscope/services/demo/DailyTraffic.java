package dev.fleetscope.services.demo;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The shape of a day of LLM traffic: lowest around 04:00 UTC, highest around 16:00 UTC, never below
 * 30% of the peak.
 */
final class DailyTraffic {
  static final double FLOOR = 0.3;

  private DailyTraffic() {}

  static double factor(Instant at) {
    var t = at.atOffset(ZoneOffset.UTC);
    double hour = t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0;
    double wave = 0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 4) / 24);
    return FLOOR + (1 - FLOOR) * wave;
  }
}
