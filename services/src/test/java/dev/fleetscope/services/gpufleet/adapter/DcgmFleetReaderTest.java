package dev.fleetscope.services.gpufleet.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.demo.ClusterCensus;
import dev.fleetscope.services.demo.DemoFleet;
import dev.fleetscope.services.demo.DemoFleetSpec;
import dev.fleetscope.services.gpufleet.DcgmReadings;
import dev.fleetscope.services.gpufleet.GpuReading;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DcgmFleetReaderTest {
  @TempDir Path dir;

  @Test
  void olderAndNewerExporterLabelsAreBothRead() {
    DcgmReadings r = new DcgmReadings();
    // An older exporter: pod_name / pod_namespace, Hostname; the pod labels on one series only.
    r.add(
        "DCGM_FI_DEV_FB_USED",
        Map.of(
            "UUID",
            "GPU-a",
            "gpu",
            "0",
            "Hostname",
            "old-node",
            "pod_name",
            "llama-0",
            "pod_namespace",
            "serving",
            "container_name",
            "vllm"),
        70000);
    r.add("DCGM_FI_DEV_GPU_UTIL", Map.of("UUID", "GPU-a", "gpu", "0", "Hostname", "old-node"), 85);
    // A newer one: hostname, pod, namespace, container.
    r.add(
        "DCGM_FI_DEV_FB_USED",
        Map.of(
            "UUID",
            "GPU-b",
            "gpu",
            "1",
            "hostname",
            "new-node",
            "pod",
            "mistral-1",
            "namespace",
            "serving",
            "container",
            "vllm"),
        512);
    r.add("some_other_metric", Map.of("UUID", "GPU-b"), 1);
    List<GpuReading> gpus = r.readings();
    assertThat(gpus).hasSize(2);
    GpuReading a = gpus.get(0);
    assertThat(a.host()).isEqualTo("old-node");
    assertThat(a.pod()).isEqualTo("llama-0");
    assertThat(a.namespace()).isEqualTo("serving");
    assertThat(a.utilPercent()).isEqualTo(85);
    assertThat(a.fbFreeMiB()).isNaN();
    GpuReading b = gpus.get(1);
    assertThat(b.host()).isEqualTo("new-node");
    assertThat(b.pod()).isEqualTo("mistral-1");
    assertThat(b.container()).isEqualTo("vllm");
  }

  @Test
  void theDemoFleetsExporterIsScrapedGpuByGpu() throws Exception {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try (DemoFleet fleet =
        DemoFleet.start(
            DemoFleetSpec.standard(3),
            Instant.parse("2026-11-23T12:00:00Z"),
            dir,
            ticker,
            Executors.newFixedThreadPool(1))) {
      List<GpuReading> gpus =
          DcgmFleetReader.scrape(HttpClient.newHttpClient(), fleet.metricsUrl(), "");
      List<ClusterCensus> census = fleet.simulator().census();
      assertThat(gpus).hasSize(census.stream().mapToInt(ClusterCensus::gpuCapacity).sum());
      assertThat(gpus.stream().filter(GpuReading::allocatedToPod).count())
          .isEqualTo(census.stream().mapToInt(ClusterCensus::gpuAllocated).sum());
      for (GpuReading g : gpus) {
        assertThat(g.uuid()).startsWith("GPU-");
        assertThat(g.cluster()).isNotEmpty();
        assertThat(g.fbTotalMiB()).isGreaterThan(40_000);
        assertThat(g.fbUsedFraction()).isBetween(0.0, 1.0);
        if (!g.allocatedToPod()) {
          // A GPU nobody holds uses almost no memory and does nothing.
          assertThat(g.fbUsedMiB()).isLessThan(10);
          assertThat(g.utilPercent()).isZero();
        }
      }
    } finally {
      ticker.shutdownNow();
    }
  }
}
