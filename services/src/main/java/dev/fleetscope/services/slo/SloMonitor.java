package dev.fleetscope.services.slo;

import dev.fleetscope.services.common.ChangeSignal;
import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.metrics.PrometheusException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-evaluates every SLO on a fixed period and publishes the result as an immutable {@link
 * SloBoard}. A failed refresh keeps the last good snapshot and marks the board stale with the
 * cause; the next success clears it, so the panels recover by themselves.
 */
public final class SloMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SloMonitor.class);

  /** The SLOs to judge, with the problems met while reading them. */
  public record Specs(List<SloSpec> specs, List<String> problems) {
    public Specs {
      specs = List.copyOf(specs);
      problems = List.copyOf(problems);
    }
  }

  /** Evaluates a set of SLOs at one instant; throws when the source cannot answer. */
  public interface Evaluation {
    SloSnapshot evaluate(List<SloSpec> specs, Instant at);
  }

  private final Supplier<Specs> specs;
  private final Evaluation evaluation;
  private final Supplier<Instant> evaluationTime;
  private final Clock clock;
  private final ScheduledExecutorService io;
  private final ChangeSignal changes = new ChangeSignal();
  private final AtomicBoolean running = new AtomicBoolean();
  private final ScheduledFuture<?> task;
  private volatile SloBoard board;

  public SloMonitor(
      Supplier<Specs> specs,
      Evaluation evaluation,
      DataOrigin origin,
      String source,
      Supplier<Instant> evaluationTime,
      Clock clock,
      ScheduledExecutorService io,
      Duration period) {
    this.specs = specs;
    this.evaluation = evaluation;
    this.evaluationTime = evaluationTime;
    this.clock = clock;
    this.io = io;
    this.board = SloBoard.empty(origin, source);
    this.task =
        io.scheduleWithFixedDelay(this::refresh, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  public SloBoard current() {
    return board;
  }

  public Subscription subscribe(Runnable onChange) {
    return changes.subscribe(onChange);
  }

  public void refreshNow() {
    io.execute(this::refresh);
  }

  /** Runs one refresh on the calling thread; overlapping calls are skipped. */
  void refresh() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      Specs s = specs.get();
      SloBoard before = board;
      try {
        SloSnapshot snapshot = evaluation.evaluate(s.specs(), evaluationTime.get());
        List<String> problems = new ArrayList<>(s.problems());
        board =
            new SloBoard(
                Optional.of(snapshot),
                before.origin(),
                before.source(),
                Optional.empty(),
                "",
                problems,
                false);
      } catch (PrometheusException | IllegalArgumentException e) {
        LOG.warn("SLO refresh from {} failed: {}", before.source(), e.getMessage());
        LOG.debug("SLO refresh failure", e);
        Instant since = before.staleSince().orElse(clock.instant());
        board =
            new SloBoard(
                before.snapshot(),
                before.origin(),
                before.source(),
                Optional.of(since),
                cause(e),
                s.problems(),
                false);
      }
      changes.fire();
    } catch (RuntimeException e) {
      LOG.error("SLO refresh crashed", e);
    } finally {
      running.set(false);
    }
  }

  private static String cause(RuntimeException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
