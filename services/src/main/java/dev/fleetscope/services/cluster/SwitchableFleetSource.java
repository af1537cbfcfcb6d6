package dev.fleetscope.services.cluster;

import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import java.time.Instant;
import java.util.List;

/**
 * A fleet source whose backing connection can be replaced (the Connect dialog does this) without
 * the views re-subscribing: they keep listening here and simply see a new snapshot.
 */
public final class SwitchableFleetSource implements FleetOverviewSource {
  private static final FleetOverviewSource NONE =
      new FleetOverviewSource() {
        @Override
        public FleetOverview snapshot() {
          return new FleetOverview(List.of(), Instant.EPOCH, DataOrigin.CLUSTER);
        }

        @Override
        public Subscription onChange(Runnable listener) {
          return () -> {};
        }
      };

  private final ChangeSignal changes = new ChangeSignal();
  private volatile FleetOverviewSource delegate = NONE;
  private volatile Subscription delegateSubscription = () -> {};

  /** Replaces the backing source; the caller closes the previous one. */
  public synchronized void switchTo(FleetOverviewSource next) {
    delegateSubscription.close();
    delegate = next;
    delegateSubscription = next.onChange(changes::fire);
    changes.fire();
  }

  @Override
  public FleetOverview snapshot() {
    return delegate.snapshot();
  }

  @Override
  public Subscription onChange(Runnable listener) {
    return changes.subscribe(listener);
  }

  public int listenerCount() {
    return changes.listenerCount();
  }
}
