package dev.fleetscope.views.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.common.DataOrigin;
import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.services.slo.AlertState;
import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.Selector;
import dev.fleetscope.services.slo.SloBoard;
import dev.fleetscope.services.slo.SloResult;
import dev.fleetscope.services.slo.SloSnapshot;
import dev.fleetscope.services.slo.SloSpec;
import dev.fleetscope.services.slo.SloStatus;
import dev.fleetscope.services.slo.SloTrends;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SLO view-model's trends follow the boards' evaluation time, and stay put under --at. */
class SloViewModelTest {

  /** A source whose evaluation time the test moves, and that records each trends request. */
  static final class MovingSource implements SloSource {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    boolean fixed;
    final List<Instant[]> asked = new ArrayList<>();
    Runnable listener = () -> {};

    @Override
    public List<SloBoard> boards() {
      SloSpec spec =
          new SloSpec(
              "prod",
              "serving",
              "chat-availability",
              "Pyrra",
              "prod/serving/chat-availability",
              "",
              0.995,
              Duration.ofDays(28),
              new Indicator.Ratio(
                  Selector.parse("req_total{code=\"500\"}"),
                  Selector.parse("req_total"),
                  List.of()),
              Map.of());
      SloStatus status =
          new SloStatus(
              0.995,
              Duration.ofDays(28),
              0.998,
              0.998,
              0.6,
              Map.of(),
              Map.of(),
              List.of(),
              AlertState.OK,
              Optional.empty(),
              1);
      SloSnapshot snap =
          new SloSnapshot(now, "prom", List.of(new SloResult(spec, Map.of(), status)), List.of());
      return List.of(
          new SloBoard(
              Optional.of(snap),
              DataOrigin.PROMETHEUS,
              "prom",
              Optional.empty(),
              "",
              List.of(),
              false));
    }

    @Override
    public Subscription subscribe(Runnable onChange) {
      listener = onChange;
      return () -> {};
    }

    /** A board refresh: the source fires, the next pulse drains. */
    void refreshed(SloViewModel vm) {
      listener.run();
      vm.drain();
    }

    @Override
    public void refreshNow() {}

    @Override
    public dev.fleetscope.services.slo.SloEvaluator.Policy policy() {
      return dev.fleetscope.services.slo.SloEvaluator.Policy.WORKBOOK;
    }

    @Override
    public void setPolicy(dev.fleetscope.services.slo.SloEvaluator.Policy policy) {}

    @Override
    public Instant evaluationTime() {
      return now;
    }

    @Override
    public boolean fixedTime() {
      return fixed;
    }

    @Override
    public SloTrends trends(SloResult result, Instant from, Instant to, int points) {
      asked.add(new Instant[] {from, to});
      TimeSeries empty = new TimeSeries("x", "", new long[0], new double[0]);
      return new SloTrends(from, to, empty, empty, empty, List.of(), List.of());
    }

    @Override
    public List<SloResult> split(SloResult result, String label) {
      return List.of();
    }
  }

  @Test
  void trendsAreReadAgainOnceTheBoardsHaveMovedOnByAChartStep() {
    MovingSource source = new MovingSource();
    SloViewModel vm = new SloViewModel(source, Runnable::run, Runnable::run);
    vm.start();
    vm.drain();
    // The section opens on the only SLO and reads its 6 hours.
    assertThat(source.asked).hasSize(1);
    assertThat(vm.trendsProperty().get().to()).isEqualTo(source.now);

    // 15 s on (one board refresh): a 6-hour chart's step is 60 s, so nothing is read.
    source.now = source.now.plusSeconds(15);
    source.refreshed(vm);
    assertThat(source.asked).hasSize(1);

    // A minute on: read again, ending at the new time, and no "Loading" line in between.
    source.now = source.now.plusSeconds(45);
    source.refreshed(vm);
    assertThat(source.asked).hasSize(2);
    assertThat(source.asked.get(1)[1]).isEqualTo(source.now);
    assertThat(source.asked.get(1)[0]).isEqualTo(source.now.minus(Duration.ofHours(6)));
    assertThat(vm.trendsProperty().get().to()).isEqualTo(source.now);
    assertThat(vm.trendsStatusProperty().get()).isEmpty();

    // A 1-hour chart (10 s steps) follows every 30 s at most.
    vm.setRange(SloViewModel.Range.HOUR);
    assertThat(source.asked).hasSize(3);
    source.now = source.now.plusSeconds(20);
    source.refreshed(vm);
    assertThat(source.asked).hasSize(3);
    source.now = source.now.plusSeconds(10);
    source.refreshed(vm);
    assertThat(source.asked).hasSize(4);
  }

  @Test
  void aFixedReviewTimeNeverReloads() {
    MovingSource source = new MovingSource();
    source.fixed = true;
    SloViewModel vm = new SloViewModel(source, Runnable::run, Runnable::run);
    vm.start();
    vm.drain();
    for (int i = 0; i < 5; i++) {
      source.refreshed(vm);
    }
    assertThat(source.asked).hasSize(1);
  }
}
