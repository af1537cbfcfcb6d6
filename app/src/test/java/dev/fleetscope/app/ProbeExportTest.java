package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.probe.result.ProbeJson;
import dev.fleetscope.probe.result.ProbeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProbeExportTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int export(String... args) throws Exception {
    return ProbeExport.run(
        CommandLine.parse(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theModelExportsAsProbeJsonWithoutAnyCluster() throws Exception {
    assertThat(
            export(
                "export", "probe", "--probe-workload", "kv-cache:blocks=128", "--format", "json"))
        .isZero();
    ProbeResult r = ProbeJson.read("stdout", out.toString(StandardCharsets.UTF_8));
    assertThat(r.measured()).isFalse();
    // 32 layers of 8 MiB: below 10 MiB each takes a share of a 20 MiB segment, two per segment.
    assertThat(r.model().stats().segments()).isEqualTo(16);
    assertThat(r.workload().tensors()).isEqualTo(32);
  }

  @Test
  void aResultFromAGpuHostExportsAsMarkdown() throws Exception {
    assertThat(
            export(
                "export",
                "probe",
                "--format",
                "md",
                "--probe-result",
                "../docs/benchmarks-data/h100-2026-11-24/llama3-8b.json"))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("| 0 | NVIDIA H100 80GB HBM3 | 9.0 | 79.2 GiB |")
        .contains("| cudaMalloc | 61.2 us | 212.6 us |")
        .contains("| vmm | 98.0 us | 579.9 us |")
        .doesNotContain("## Not measured");
  }

  @Test
  void badInputIsOneMessageAndExitCode2() throws Exception {
    assertThat(export("export", "probe", "--probe-workload", "nope.yaml")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "fleetscope: nope.yaml: no such file, and not a preset" + System.lineSeparator());
  }
}
