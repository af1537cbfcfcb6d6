package dev.fleetscope.services.cluster;

import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.common.SwitchableSource;
import java.time.Instant;
import java.util.List;

/** The fleet overview the views watch; the connection behind it can be replaced. */
public final class SwitchableFleetSource extends SwitchableSource<FleetOverviewSource>
    implements FleetOverviewSource {

  public SwitchableFleetSource() {
    super(new StaticFleetSource(new FleetOverview(List.of(), Instant.EPOCH, DataOrigin.CLUSTER)));
  }

  @Override
  protected Subscription subscribe(FleetOverviewSource source, Runnable listener) {
    return source.onChange(listener);
  }

  @Override
  public FleetOverview snapshot() {
    return delegate().snapshot();
  }

  @Override
  public FleetState state() {
    return delegate().state();
  }

  @Override
  public ClusterReads reads() {
    return delegate().reads();
  }
}
