package dev.fleetscope.services.metrics;

import dev.fleetscope.services.common.DataOrigin;
import java.time.Instant;

/**
 * Whether the configured metrics source answers.
 *
 * @param origin PROMETHEUS, DIRECT_SCRAPE, or DEMO (the demo fleet's endpoint)
 * @param url the endpoint (no credentials), empty when none is configured
 * @param reachable whether the last check succeeded
 * @param detail version or series count when reachable, the cause when not
 * @param latencyMillis last round trip, -1 when none
 * @param checkedAt when the last check finished, null before the first
 */
public record MetricsSourceStatus(
    DataOrigin origin,
    String url,
    boolean reachable,
    String detail,
    long latencyMillis,
    Instant checkedAt) {

  public static MetricsSourceStatus none() {
    return new MetricsSourceStatus(DataOrigin.PROMETHEUS, "", false, "none configured", -1, null);
  }

  public boolean configured() {
    return !url.isEmpty();
  }
}
