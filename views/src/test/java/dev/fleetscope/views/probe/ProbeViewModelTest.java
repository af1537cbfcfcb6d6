package dev.fleetscope.views.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.GpuProbe;
import dev.fleetscope.probe.ProbeRun;
import dev.fleetscope.probe.ProbeUnavailableException;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.result.ProbeJson;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadPresets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The section's state without the toolkit: runs land through a direct UI executor. */
class ProbeViewModelTest {
  @TempDir Path dir;
  private final ExecutorService background = Executors.newSingleThreadExecutor();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:15:30Z"), ZoneOffset.UTC);
  private final List<ProbeRun.Request> requests = new ArrayList<>();
  private CountDownLatch hold;

  /** No GPU here: the source runs the real model and refuses measurement like a driverless host. */
  private final ProbeSource noGpu =
      new ProbeSource() {
        @Override
        public Optional<String> measurementUnavailable() {
          return Optional.of("no CUDA driver: libcuda.so.1 could not be loaded");
        }

        @Override
        public Workload workload(String spec) {
          return WorkloadPresets.named(spec);
        }

        @Override
        public ProbeResult run(ProbeRun.Request request, Progress progress) {
          requests.add(request);
          if (hold != null) {
            while (true) {
              progress.update("waiting", 1, 2);
              progress.check();
              try {
                hold.await(10, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
          return new ProbeRun(driverless, "test").run(request, progress);
        }

        @Override
        public ProbeResult open(Path file) {
          try {
            return ProbeJson.read(file.toString(), Files.readString(file));
          } catch (java.io.IOException e) {
            throw new dev.fleetscope.probe.ProbeException(file + ": cannot read");
          }
        }
      };

  private static final GpuProbe driverless =
      new GpuProbe() {
        @Override
        public String name() {
          return "none";
        }

        @Override
        public List<DeviceInfo> devices() {
          throw new ProbeUnavailableException("no CUDA driver", null);
        }

        @Override
        public DeviceSession open(int device) {
          throw new ProbeUnavailableException("no CUDA driver", null);
        }
      };

  @AfterEach
  void stop() {
    background.shutdownNow();
  }

  private ProbeViewModel model() {
    return new ProbeViewModel(noGpu, background, Runnable::run, clock);
  }

  private static void await(java.util.function.BooleanSupplier ok) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!ok.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(ok.getAsBoolean()).as("condition within 10 s").isTrue();
  }

  @Test
  void withoutAGpuOnlyTheModelRunsAndTheResultSaysSo() throws Exception {
    ProbeViewModel m = model();
    m.allocatorProperty(AllocatorKind.CUDA_MALLOC).set(true);
    m.transfersProperty().set(true);
    m.workloadProperty().set("kv-cache:blocks=64");
    m.run();
    await(() -> m.resultProperty().get() != null);
    assertThat(requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.allocators()).containsExactly(AllocatorKind.MODEL);
              assertThat(r.transfers()).isNull();
            });
    assertThat(m.originProperty().get()).startsWith("Modelled on this host at ");
    assertThat(m.statusProperty().get()).isEqualTo("Done.");
    assertThat(m.runningProperty().get()).isFalse();
  }

  @Test
  void cancellingAWaitingRunSaysSoAndKeepsTheLastResult() throws Exception {
    ProbeViewModel m = model();
    m.workloadProperty().set("kv-cache:blocks=64");
    m.run();
    await(() -> m.resultProperty().get() != null);
    ProbeResult first = m.resultProperty().get();
    hold = new CountDownLatch(1);
    m.run();
    await(() -> m.statusProperty().get().startsWith("waiting"));
    assertThat(m.runningProperty().get()).isTrue();
    m.cancel();
    await(() -> !m.runningProperty().get());
    assertThat(m.statusProperty().get())
        .isEqualTo("Cancelled; everything the probe allocated was freed.");
    assertThat(m.resultProperty().get()).isSameAs(first);
  }

  @Test
  void badSettingsAreNamedAndNothingRuns() {
    ProbeViewModel m = model();
    m.allocConfProperty().set("garbage_collection_threshold:0.6");
    m.run();
    assertThat(m.errorProperty().get())
        .startsWith("Allocator settings: \"garbage_collection_threshold\" is not modelled");
    assertThat(requests).isEmpty();
  }

  @Test
  void exportWritesMarkdownOfTheResultOnScreen() throws Exception {
    ProbeViewModel m = model();
    m.export(dir.resolve("none.md"), true);
    assertThat(m.errorProperty().get()).startsWith("Nothing to export yet");
    m.workloadProperty().set("kv-cache:blocks=64");
    m.run();
    await(() -> m.resultProperty().get() != null);
    Path md = dir.resolve("probe.md");
    m.export(md, true);
    await(() -> Files.exists(md) && m.statusProperty().get().startsWith("Exported"));
    assertThat(Files.readString(md))
        .startsWith("# GPU probe result")
        .contains("## PyTorch caching allocator (modelled)");
  }
}
