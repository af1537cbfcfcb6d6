package dev.fleetscope.views.gpumemory;

import dev.fleetscope.services.gpufleet.GpuReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * State of the fleet GPU memory view: the latest DCGM reading of every GPU, when it was taken, and
 * which GPUs are held by a pod yet idle (utilization under a threshold for long enough): waste to
 * reclaim. A failed read keeps the last readings and says why.
 */
public final class GpuFleetViewModel {
  private final GpuFleetSource source;
  private final Executor background;
  private final Executor ui;
  private final Clock clock;
  private final ReadOnlyObjectWrapper<List<GpuReading>> gpus =
      new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyObjectWrapper<List<IdleGpu>> idle = new ReadOnlyObjectWrapper<>(List.of());
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final Map<String, Instant> quietSince = new HashMap<>();
  private final AtomicBoolean reading = new AtomicBoolean();
  private volatile double idlePercent = 5;
  private volatile Duration idleFor = Duration.ofMinutes(10);
  private volatile boolean historyRead;
  private volatile java.util.concurrent.ScheduledFuture<?> polling;

  /** A GPU held by a pod but idle since {@code since}. */
  public record IdleGpu(GpuReading gpu, Instant since) {}

  public GpuFleetViewModel(GpuFleetSource source, Executor background, Executor ui, Clock clock) {
    this.source = source;
    this.background = background;
    this.ui = ui;
    this.clock = clock;
  }

  /**
   * Sets what counts as idle: utilization below {@code percent} for at least {@code forHowLong}.
   */
  public void setIdleRule(double percent, Duration forHowLong) {
    idlePercent = percent;
    idleFor = forHowLong;
    // Under another threshold the quiet spans differ: ask the history again at the next read.
    historyRead = false;
    ui.execute(() -> idle.set(idleNow(gpus.get(), clock.instant())));
    refresh();
  }

  /** Reads now and then every {@code every} until {@link #stop()}. */
  public void startPolling(java.util.concurrent.ScheduledExecutorService timer, Duration every) {
    stop();
    polling =
        timer.scheduleWithFixedDelay(
            this::refresh, 0, every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public void stop() {
    java.util.concurrent.ScheduledFuture<?> p = polling;
    if (p != null) {
      p.cancel(false);
    }
  }

  /** Reads the fleet now unless a read is under way. */
  public void refresh() {
    if (source.describe().isEmpty()) {
      ui.execute(
          () ->
              status.set(
                  "No metrics source: connect a Prometheus (or use the demo fleet) to see GPU memory."));
      return;
    }
    if (!reading.compareAndSet(false, true)) {
      return;
    }
    background.execute(
        () -> {
          try {
            List<GpuReading> read = source.read();
            Instant now = clock.instant();
            String history = "";
            if (!historyRead) {
              history = seedFromHistory(now);
            }
            List<IdleGpu> quiet = track(read, now);
            String historyNote = history;
            ui.execute(
                () -> {
                  gpus.set(read);
                  idle.set(quiet);
                  error.set("");
                  status.set(
                      String.format(
                          Locale.ROOT,
                          "%d GPUs from %s, read at %tT; %d held by pods: %d quiet now, %d idle by"
                              + " the rule below%s",
                          read.size(),
                          source.describe(),
                          java.util.Date.from(now),
                          read.stream().filter(GpuReading::allocatedToPod).count(),
                          quietNow(),
                          quiet.size(),
                          historyNote.isEmpty() ? "" : " (" + historyNote + ")"));
                });
          } catch (Exception e) {
            ui.execute(
                () ->
                    error.set(
                        "Could not read GPU metrics from "
                            + source.describe()
                            + ": "
                            + e.getMessage()
                            + (gpus.get().isEmpty() ? "" : " (showing the last readings)")));
          } finally {
            reading.set(false);
          }
        });
  }

  /**
   * Asks the source's history since when each held GPU has been quiet, so that a GPU idle for hours
   * counts as idle as soon as the console opens, not after the rule's span of watching. Looks back
   * twice the rule's span, at least an hour. Returns a note for the status line.
   */
  private String seedFromHistory(Instant now) {
    Duration span = idleFor.multipliedBy(2);
    Duration lookback = span.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : span;
    try {
      Map<String, Instant> history = source.quietSince(lookback, idlePercent);
      historyRead = true;
      if (history.isEmpty()) {
        return "";
      }
      synchronized (this) {
        history.forEach((k, since) -> quietSince.merge(k, since, (a, b) -> a.isBefore(b) ? a : b));
      }
      return "quiet spans from the last " + lookback.toMinutes() + " min of history";
    } catch (Exception e) {
      historyRead = true;
      return "no utilization history: " + e.getMessage();
    }
  }

  /** Remembers since when each held GPU has been quiet; returns those quiet long enough. */
  synchronized List<IdleGpu> track(List<GpuReading> read, Instant now) {
    Map<String, Instant> next = new HashMap<>();
    for (GpuReading g : read) {
      if (g.allocatedToPod() && !Double.isNaN(g.utilPercent()) && g.utilPercent() < idlePercent) {
        next.put(key(g), quietSince.getOrDefault(key(g), now));
      }
    }
    quietSince.clear();
    quietSince.putAll(next);
    return idleNow(read, now);
  }

  private synchronized int quietNow() {
    return quietSince.size();
  }

  private synchronized List<IdleGpu> idleNow(List<GpuReading> read, Instant now) {
    List<IdleGpu> out = new ArrayList<>();
    for (GpuReading g : read) {
      Instant since = quietSince.get(key(g));
      if (since != null && !since.plus(idleFor).isAfter(now)) {
        out.add(new IdleGpu(g, since));
      }
    }
    return out;
  }

  private static String key(GpuReading g) {
    return g.holdingKey();
  }

  public ReadOnlyObjectProperty<List<GpuReading>> gpusProperty() {
    return gpus.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<List<IdleGpu>> idleProperty() {
    return idle.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
