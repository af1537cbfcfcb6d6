package dev.fleetscope.views.gpumemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.gpufleet.GpuReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle-but-held GPUs: quiet since the first quiet reading, listed once quiet long enough. */
class GpuFleetViewModelTest {
  private static GpuReading gpu(String uuid, String pod, double util) {
    return new GpuReading(
        "east",
        "node-1",
        "0",
        uuid,
        "NVIDIA H100",
        70000,
        10000,
        512,
        util,
        Double.NaN,
        Double.NaN,
        40,
        100,
        Double.NaN,
        pod.isEmpty() ? "" : "serving",
        pod,
        "vllm");
  }

  private final GpuFleetViewModel model =
      new GpuFleetViewModel(
          new GpuFleetSource() {
            @Override
            public String describe() {
              return "test";
            }

            @Override
            public List<GpuReading> read() {
              return List.of();
            }
          },
          Runnable::run,
          Runnable::run,
          java.time.Clock.systemUTC());

  @Test
  void aHeldGpuIsIdleOnlyAfterStayingQuietForTheWholeWindow() {
    Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
    List<GpuReading> quiet =
        List.of(gpu("GPU-a", "llama-0", 1), gpu("GPU-b", "llama-1", 80), gpu("GPU-c", "", 0));
    assertThat(model.track(quiet, t0)).isEmpty();
    assertThat(model.track(quiet, t0.plus(Duration.ofMinutes(9)))).isEmpty();
    List<GpuFleetViewModel.IdleGpu> idle = model.track(quiet, t0.plus(Duration.ofMinutes(10)));
    // Only the held, quiet GPU: the busy one and the unheld one are not waste to reclaim.
    assertThat(idle).extracting(i -> i.gpu().uuid()).containsExactly("GPU-a");
    assertThat(idle.get(0).since()).isEqualTo(t0);
    // One busy reading resets the clock.
    assertThat(model.track(List.of(gpu("GPU-a", "llama-0", 50)), t0.plus(Duration.ofMinutes(11))))
        .isEmpty();
    assertThat(model.track(List.of(gpu("GPU-a", "llama-0", 2)), t0.plus(Duration.ofMinutes(12))))
        .isEmpty();
  }

  @Test
  void aGpuQuietForHoursInTheSourceHistoryIsIdleAtTheFirstRead() {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    GpuReading stranded = gpu("GPU-a", "embed-0", 1);
    GpuReading fresh = gpu("GPU-b", "embed-1", 2);
    java.util.concurrent.atomic.AtomicReference<Duration> asked =
        new java.util.concurrent.atomic.AtomicReference<>();
    GpuFleetViewModel withHistory =
        new GpuFleetViewModel(
            new GpuFleetSource() {
              @Override
              public String describe() {
                return "prometheus";
              }

              @Override
              public List<GpuReading> read() {
                return List.of(stranded, fresh);
              }

              @Override
              public java.util.Map<String, Instant> quietSince(Duration lookback, double percent) {
                asked.set(lookback);
                // GPU-b went quiet just now, GPU-a two hours ago.
                return java.util.Map.of(
                    stranded.holdingKey(), now.minus(Duration.ofHours(2)),
                    fresh.holdingKey(), now.minusSeconds(30));
              }
            },
            Runnable::run,
            Runnable::run,
            java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
    withHistory.refresh();
    // The 10-minute rule looks back an hour; GPU-a is idle at once, GPU-b not yet.
    assertThat(asked.get()).isEqualTo(Duration.ofHours(1));
    assertThat(withHistory.idleProperty().get())
        .extracting(i -> i.gpu().uuid(), GpuFleetViewModel.IdleGpu::since)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GPU-a", now.minus(Duration.ofHours(2))));
    assertThat(withHistory.statusProperty().get())
        .contains("1 idle by the rule below (quiet spans from the last 60 min of history)");
  }
}
