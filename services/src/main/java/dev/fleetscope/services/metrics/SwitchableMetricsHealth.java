package dev.fleetscope.services.metrics;

import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.common.SwitchableSource;

/** The metrics health the status bar watches; the Connect dialog can point it elsewhere. */
public final class SwitchableMetricsHealth extends SwitchableSource<MetricsSourceHealth>
    implements MetricsSourceHealth {

  public SwitchableMetricsHealth() {
    super(
        new MetricsSourceHealth() {
          @Override
          public MetricsSourceStatus status() {
            return MetricsSourceStatus.none();
          }

          @Override
          public Subscription onChange(Runnable listener) {
            return () -> {};
          }
        });
  }

  @Override
  protected Subscription subscribe(MetricsSourceHealth source, Runnable listener) {
    return source.onChange(listener);
  }

  @Override
  public MetricsSourceStatus status() {
    return delegate().status();
  }
}
