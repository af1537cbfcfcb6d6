package dev.fleetscope.services.metrics;

import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.Subscription;

/** The metrics health the status bar watches; the Connect dialog can point it elsewhere. */
public final class SwitchableMetricsHealth implements MetricsSourceHealth {
  private final ChangeSignal changes = new ChangeSignal();
  private volatile MetricsSourceHealth delegate;
  private volatile Subscription subscription = () -> {};

  public SwitchableMetricsHealth() {
    MetricsSourceStatus none = MetricsSourceStatus.none();
    this.delegate =
        new MetricsSourceHealth() {
          @Override
          public MetricsSourceStatus status() {
            return none;
          }

          @Override
          public Subscription onChange(Runnable listener) {
            return () -> {};
          }
        };
  }

  public synchronized void switchTo(MetricsSourceHealth next) {
    subscription.close();
    delegate = next;
    subscription = next.onChange(changes::fire);
    changes.fire();
  }

  @Override
  public MetricsSourceStatus status() {
    return delegate.status();
  }

  @Override
  public Subscription onChange(Runnable listener) {
    return changes.subscribe(listener);
  }
}
