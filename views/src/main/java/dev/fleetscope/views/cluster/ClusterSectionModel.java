package dev.fleetscope.views.cluster;

import dev.fleetscope.services.cluster.FleetOverviewSource;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.views.common.Dirty;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What the Nodes, Workloads and Pods sections share: a subscription that only marks the model
 * dirty, a refresh once per pulse that pulls the latest fleet state, the cluster and namespace
 * scope, and the notices about clusters in scope. Subclasses derive their rows in {@link #apply}.
 */
public abstract class ClusterSectionModel implements AutoCloseable {
  protected final FleetOverviewSource source;
  protected final Clock clock;
  private final Dirty dirty = new Dirty();
  private final Subscription subscription;
  private final ResourceKind[] kinds;
  private final StringProperty cluster = new SimpleStringProperty(ClusterScope.ALL_CLUSTERS);
  private final StringProperty namespace = new SimpleStringProperty(ClusterScope.ALL_NAMESPACES);
  private final ReadOnlyObjectWrapper<List<String>> clusterChoices =
      new ReadOnlyObjectWrapper<>(List.of(ClusterScope.ALL_CLUSTERS));
  private final ReadOnlyObjectWrapper<List<String>> namespaceChoices =
      new ReadOnlyObjectWrapper<>(List.of(ClusterScope.ALL_NAMESPACES));
  private final ReadOnlyObjectWrapper<List<String>> notices =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
  private FleetState state;
  private Instant lastNotices = Instant.EPOCH;

  protected ClusterSectionModel(FleetOverviewSource source, Clock clock, ResourceKind... kinds) {
    this.source = source;
    this.clock = clock;
    this.kinds = kinds;
    this.subscription = source.onChange(dirty::mark);
    cluster.addListener((o, a, b) -> dirty.mark());
    namespace.addListener((o, a, b) -> dirty.mark());
  }

  /** Pulls the latest state if anything changed; re-ages the notices once a second. */
  public final void refresh() {
    Instant now = clock.instant();
    if (dirty.consume()) {
      state = source.state();
      List<String> clusters = ClusterScope.clusterChoices(state);
      if (!clusters.equals(clusterChoices.get())) {
        clusterChoices.set(clusters);
      }
      List<String> namespaces = ClusterScope.namespaceChoices(state, cluster.get());
      if (!namespaces.equals(namespaceChoices.get())) {
        namespaceChoices.set(namespaces);
      }
      apply(state, cluster.get(), namespace.get());
      updateNotices(now);
      loaded.set(
          !state.clusters().isEmpty()
              && state.clusters().stream()
                  .noneMatch(
                      c ->
                          c.status().state()
                              == dev.fleetscope.services.cluster.ConnectionState.CONNECTING));
    } else if (state != null && now.minusSeconds(1).isAfter(lastNotices)) {
      updateNotices(now);
    }
  }

  private void updateNotices(Instant now) {
    List<String> next = ClusterScope.notices(state, cluster.get(), now, kinds);
    if (!Objects.equals(next, notices.get())) {
      notices.set(next);
    }
    lastNotices = now;
  }

  /** Derives the rows for the clusters and namespace in scope. */
  protected abstract void apply(FleetState state, String cluster, String namespace);

  /** The state last pulled, or null before the first refresh. */
  protected final FleetState state() {
    return state;
  }

  public StringProperty clusterProperty() {
    return cluster;
  }

  public StringProperty namespaceProperty() {
    return namespace;
  }

  public ReadOnlyObjectProperty<List<String>> clusterChoicesProperty() {
    return clusterChoices.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<String>> namespaceChoicesProperty() {
    return namespaceChoices.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<String>> noticesProperty() {
    return notices.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loadedProperty() {
    return loaded.getReadOnlyProperty();
  }

  @Override
  public void close() {
    subscription.close();
  }
}
