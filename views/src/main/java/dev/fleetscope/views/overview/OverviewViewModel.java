package dev.fleetscope.views.overview;

import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetOverview;
import dev.fleetscope.services.cluster.FleetOverviewSource;
import dev.fleetscope.services.cluster.WorkloadRow;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.views.common.Ages;
import dev.fleetscope.views.common.Dirty;
import dev.fleetscope.views.widgets.Badge;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * State of the Fleet overview section. Listens to the fleet source only to mark itself dirty;
 * {@link #refresh()} (called once per pulse by the view, directly by tests) pulls the latest
 * snapshot and derives the tables and tiles.
 */
public final class OverviewViewModel implements AutoCloseable {
  private final FleetOverviewSource source;
  private final Clock clock;
  private final Dirty dirty = new Dirty();
  private final Subscription subscription;
  private final ReadOnlyObjectWrapper<FleetOverview> overview = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<List<SummaryTile>> tiles =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyObjectWrapper<List<ClusterOverview>> clusters =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyObjectWrapper<List<ProductRow>> products =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyObjectWrapper<List<WorkloadRow>> workloads =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper provenance = new ReadOnlyStringWrapper("");
  private Instant lastAgeUpdate = Instant.EPOCH;

  public OverviewViewModel(FleetOverviewSource source, Clock clock) {
    this.source = source;
    this.clock = clock;
    this.subscription = source.onChange(dirty::mark);
  }

  /** Applies the latest snapshot if anything changed; refreshes the age line once a second. */
  public void refresh() {
    Instant now = clock.instant();
    if (dirty.consume()) {
      apply(source.snapshot(), now);
    } else if (overview.get() != null && now.minusSeconds(1).isAfter(lastAgeUpdate)) {
      provenance.set(provenance(overview.get(), now));
      lastAgeUpdate = now;
    }
  }

  private void apply(FleetOverview o, Instant now) {
    overview.set(o);
    clusters.set(o.clusters());
    List<ProductRow> productRows = new ArrayList<>();
    for (ClusterOverview c : o.clusters()) {
      c.gpusByProduct().forEach(p -> productRows.add(new ProductRow(c.context(), p)));
    }
    products.set(productRows);
    workloads.set(o.workloads());
    tiles.set(tiles(o));
    loaded.set(!o.clusters().isEmpty() && o.settled());
    provenance.set(provenance(o, now));
    lastAgeUpdate = now;
  }

  static List<SummaryTile> tiles(FleetOverview o) {
    long withData = o.clustersWithData();
    long unreachable =
        o.clusters().stream()
            .filter(c -> c.status().state() == ConnectionState.UNREACHABLE)
            .count();
    long stale =
        o.clusters().stream().filter(c -> c.status().state() == ConnectionState.STALE).count();
    String clusterDetail =
        unreachable + stale == 0
            ? "all answering"
            : (unreachable > 0 ? unreachable + " unreachable" : "")
                + (stale > 0 && unreachable > 0 ? ", " : "")
                + (stale > 0 ? stale + " stale" : "");
    Badge.Severity clusterSeverity =
        unreachable + stale == 0
            ? Badge.Severity.OK
            : withData == 0 ? Badge.Severity.DANGER : Badge.Severity.WARNING;

    int capacity = o.gpuCapacity();
    int allocated = o.gpuAllocated();
    long pending = o.clusters().stream().mapToLong(ClusterOverview::podsPendingForGpus).sum();
    List<WorkloadRow> rows = o.workloads();
    long healthy = rows.stream().filter(WorkloadRow::healthy).count();
    return List.of(
        new SummaryTile(
            "Clusters", withData + " / " + o.clusters().size(), clusterDetail, clusterSeverity),
        new SummaryTile(
            "Nodes ready",
            o.nodesReady() + " / " + o.nodes(),
            o.nodes() - o.nodesReady() == 0
                ? "all ready"
                : (o.nodes() - o.nodesReady()) + " not ready",
            o.nodesReady() == o.nodes() ? Badge.Severity.OK : Badge.Severity.WARNING),
        new SummaryTile(
            "GPUs allocated",
            allocated + " / " + capacity,
            capacity == 0 ? "no GPUs" : Math.round(100.0 * allocated / capacity) + "% of capacity",
            Badge.Severity.INFO),
        new SummaryTile(
            "GPUs free",
            Integer.toString(o.gpuFree()),
            pending == 0
                ? "no GPU pods pending"
                : pending + (pending == 1 ? " GPU pod pending" : " GPU pods pending"),
            pending == 0 ? Badge.Severity.OK : Badge.Severity.WARNING),
        new SummaryTile(
            "Inference workloads",
            healthy + " / " + rows.size() + " healthy",
            rows.size() - healthy == 0
                ? "all replicas ready"
                : (rows.size() - healthy) + " degraded",
            healthy == rows.size() ? Badge.Severity.OK : Badge.Severity.WARNING));
  }

  static String provenance(FleetOverview o, Instant now) {
    String source =
        o.origin() == DataOrigin.DEMO
            ? "Source: DEMO fleet (simulated) through the Kubernetes API"
            : "Source: Kubernetes API (fabric8 informers)";
    String age =
        o.oldestContact()
            .map(t -> "data confirmed " + Ages.ago(t, now))
            .orElse(o.settled() ? "no data" : "connecting…");
    return source + " · " + age;
  }

  /** The health badge of one cluster row. */
  public static Badge stateBadge(ClusterOverview c) {
    return switch (c.status().state()) {
      case LIVE -> new Badge("Live", Badge.Severity.OK);
      case CONNECTING -> new Badge("Connecting", Badge.Severity.INFO);
      case STALE -> new Badge("Stale", Badge.Severity.WARNING);
      case UNREACHABLE -> new Badge("Unreachable", Badge.Severity.DANGER);
    };
  }

  public static Badge healthBadge(WorkloadRow w) {
    String h = w.health();
    Badge.Severity s =
        switch (h) {
          case "Healthy" -> Badge.Severity.OK;
          case "Down" -> Badge.Severity.DANGER;
          case "Scaled to 0" -> Badge.Severity.INFO;
          default -> Badge.Severity.WARNING;
        };
    return new Badge(h, s);
  }

  public ReadOnlyObjectProperty<FleetOverview> overviewProperty() {
    return overview.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<SummaryTile>> tilesProperty() {
    return tiles.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<ClusterOverview>> clustersProperty() {
    return clusters.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<ProductRow>> productsProperty() {
    return products.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<WorkloadRow>> workloadsProperty() {
    return workloads.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loadedProperty() {
    return loaded.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty provenanceProperty() {
    return provenance.getReadOnlyProperty();
  }

  @Override
  public void close() {
    subscription.close();
  }
}
