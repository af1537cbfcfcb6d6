package dev.fleetscope.services.metrics;

import dev.fleetscope.services.common.Subscription;

/** Port: the health of the metrics source, for the status bar. */
public interface MetricsSourceHealth {
  MetricsSourceStatus status();

  Subscription onChange(Runnable listener);
}
