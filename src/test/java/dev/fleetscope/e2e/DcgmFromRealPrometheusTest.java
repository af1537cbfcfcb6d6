package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.gpufleet.GpuReading;
import dev.fleetscope.services.gpufleet.adapter.DcgmFleetReader;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DCGM exporter series backfilled into a real Prometheus (promtool) and read back GPU by GPU: one
 * from a newer exporter, one from an older one with its other label spellings, one idle.
 */
class DcgmFromRealPrometheusTest {
  private static final long END = 1_795_000_000L;
  private static final long START = END - 3600;
  @TempDir static Path dir;
  static LocalPrometheus prometheus;

  @BeforeAll
  static void backfill() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    Map<String, String> newer =
        Map.of(
            "cluster",
            "east",
            "gpu",
            "0",
            "UUID",
            "GPU-1111",
            "modelName",
            "NVIDIA H100 80GB HBM3",
            "hostname",
            "gpu-node-1",
            "pod",
            "llama-0",
            "namespace",
            "serving",
            "container",
            "vllm");
    Map<String, String> older =
        Map.of(
            "cluster",
            "east",
            "gpu",
            "1",
            "UUID",
            "GPU-2222",
            "modelName",
            "NVIDIA H100 80GB HBM3",
            "Hostname",
            "gpu-node-1",
            "pod_name",
            "mistral-3",
            "pod_namespace",
            "serving");
    Map<String, String> idle =
        Map.of(
            "cluster",
            "west",
            "gpu",
            "0",
            "UUID",
            "GPU-3333",
            "modelName",
            "NVIDIA A100-SXM4-80GB",
            "Hostname",
            "gpu-node-9");
    StringBuilder om = new StringBuilder();
    gauge(om, "DCGM_FI_DEV_FB_USED", Map.of(newer, 72000.0, older, 65000.0, idle, 1.0));
    gauge(om, "DCGM_FI_DEV_FB_FREE", Map.of(newer, 8000.0, older, 15000.0, idle, 80000.0));
    gauge(om, "DCGM_FI_DEV_FB_RESERVED", Map.of(newer, 512.0, older, 512.0, idle, 512.0));
    // A GPU held by an embedding pod: busy at 60% until 40 minutes before the end, then at 1%.
    Map<String, String> stranded =
        Map.of(
            "cluster",
            "east",
            "gpu",
            "2",
            "UUID",
            "GPU-4444",
            "modelName",
            "NVIDIA H100 80GB HBM3",
            "Hostname",
            "gpu-node-2",
            "pod",
            "embed-0",
            "namespace",
            "embeddings");
    gaugeOver(
        om,
        "DCGM_FI_DEV_GPU_UTIL",
        Map.of(
            newer, t -> 93.0,
            older, t -> 41.0,
            idle, t -> 0.0,
            stranded, t -> t < END - 2400 ? 60.0 : 1.0));
    gauge(om, "DCGM_FI_DEV_XID_ERRORS", Map.of(older, 79.0));
    om.append("# EOF\n");
    Path file = dir.resolve("dcgm.om");
    Files.writeString(file, om);
    prometheus = LocalPrometheus.withHistory(dir.resolve("prom"), file);
  }

  /** A gauge written every minute of the hour, constant per series. */
  private static void gauge(
      StringBuilder om, String name, Map<Map<String, String>, Double> series) {
    Map<Map<String, String>, java.util.function.LongToDoubleFunction> f =
        new java.util.LinkedHashMap<>();
    series.forEach((labels, value) -> f.put(labels, t -> value));
    gaugeOver(om, name, f);
  }

  /** A gauge written every minute of the hour, each series's value a function of the time. */
  private static void gaugeOver(
      StringBuilder om,
      String name,
      Map<Map<String, String>, java.util.function.LongToDoubleFunction> series) {
    om.append("# TYPE ").append(name).append(" gauge\n");
    series.forEach(
        (labels, value) -> {
          String l =
              labels.entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                  .collect(Collectors.joining(","));
          for (long t = START; t <= END; t += 60) {
            om.append(name)
                .append('{')
                .append(l)
                .append("} ")
                .append(value.applyAsDouble(t))
                .append(' ')
                .append(t)
                .append('\n');
          }
        });
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void everyGpuIsReadWithItsPodWhateverTheExporterVersion() {
    List<GpuReading> gpus =
        DcgmFleetReader.fromPrometheus(
            new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url())),
            Instant.ofEpochSecond(END));
    Map<String, GpuReading> byUuid =
        gpus.stream().collect(Collectors.toMap(GpuReading::uuid, g -> g));
    assertThat(byUuid).containsOnlyKeys("GPU-1111", "GPU-2222", "GPU-3333", "GPU-4444");
    GpuReading newer = byUuid.get("GPU-1111");
    assertThat(newer.host()).isEqualTo("gpu-node-1");
    assertThat(newer.pod()).isEqualTo("llama-0");
    assertThat(newer.fbUsedMiB()).isEqualTo(72000);
    assertThat(newer.fbTotalMiB()).isEqualTo(80512);
    assertThat(newer.utilPercent()).isEqualTo(93);
    GpuReading older = byUuid.get("GPU-2222");
    assertThat(older.pod()).isEqualTo("mistral-3");
    assertThat(older.namespace()).isEqualTo("serving");
    assertThat(older.lastXid()).isEqualTo(79);
    GpuReading idle = byUuid.get("GPU-3333");
    assertThat(idle.allocatedToPod()).isFalse();
    assertThat(idle.cluster()).isEqualTo("west");
    assertThat(idle.lastXid()).isNaN();
  }

  @Test
  void aHeldGpuQuietForFortyMinutesIsDatedFromPrometheusHistory() {
    var api = new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url()));
    Instant at = Instant.ofEpochSecond(END);
    Map<String, Instant> quiet =
        DcgmFleetReader.quietSince(api, at, java.time.Duration.ofHours(1), 5);
    GpuReading stranded =
        DcgmFleetReader.fromPrometheus(api, at).stream()
            .filter(g -> g.uuid().equals("GPU-4444"))
            .findFirst()
            .orElseThrow();
    // Only the held, quiet GPU: the busy ones are out, and GPU-3333 is quiet but held by no pod.
    assertThat(quiet).containsOnlyKeys(stranded.holdingKey());
    // The first 15 s step after the last busy sample (END - 2460) is at or after END - 2400.
    Instant since = quiet.get(stranded.holdingKey());
    assertThat(since)
        .isBetween(Instant.ofEpochSecond(END - 2460), Instant.ofEpochSecond(END - 2400));
    // Under 70% instead, it was quiet throughout: since the start of the lookback.
    assertThat(
            DcgmFleetReader.quietSince(api, at, java.time.Duration.ofHours(1), 70)
                .get(stranded.holdingKey()))
        .isEqualTo(Instant.ofEpochSecond(END - 3600));
  }
}
