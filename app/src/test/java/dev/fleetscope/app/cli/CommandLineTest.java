package dev.fleetscope.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void noConnectionArgumentsMeansTheDemoFleet() throws Exception {
    CommandLine cli = CommandLine.parse();
    assertThat(cli.mode()).isEqualTo(CommandLine.Mode.GUI);
    assertThat(cli.demo()).isTrue();
  }

  @Test
  void connectionFlagsSelectRealClustersAndRepeatContexts() throws Exception {
    CommandLine cli =
        CommandLine.parse(
            "--kubeconfig",
            "/k",
            "--context",
            "a",
            "--context=b",
            "--prometheus",
            "https://prom.example:9090");
    assertThat(cli.demo()).isFalse();
    assertThat(cli.kubeconfig()).contains(Path.of("/k"));
    assertThat(cli.contexts()).containsExactly("a", "b");
    assertThat(cli.prometheus()).map(Object::toString).contains("https://prom.example:9090");
  }

  @Test
  void exportAndSmokeTestModes() throws Exception {
    CommandLine export = CommandLine.parse("export", "overview", "--format", "md");
    assertThat(export.mode()).isEqualTo(CommandLine.Mode.EXPORT);
    assertThat(export.exportFormat()).isEqualTo(CommandLine.ExportFormat.MD);
    assertThat(CommandLine.parse("--smoke-test", "/tmp/s").smokeTestDir())
        .contains(Path.of("/tmp/s"));
  }

  @Test
  void badInputNamesTheFlagAndWhatWasExpected() throws Exception {
    assertThatThrownBy(() -> CommandLine.parse("--bogus")).hasMessageContaining("'--bogus'");
    assertThatThrownBy(() -> CommandLine.parse("--context")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> CommandLine.parse("--prometheus", "prom:9090"))
        .hasMessageContaining("http(s)://host[:port]");
    assertThatThrownBy(() -> CommandLine.parse("--prometheus-service", "prometheus-k8s"))
        .hasMessage(
            "--prometheus-service expects NAMESPACE/SERVICE:PORT, e.g."
                + " monitoring/prometheus-k8s:9090, got 'prometheus-k8s'");
    CommandLine viaService =
        CommandLine.parse("--prometheus-service", "https:monitoring/prometheus-k8s:web");
    assertThat(viaService.prometheusService()).contains("https:monitoring/prometheus-k8s:web");
    assertThat(viaService.demo()).isFalse();
    assertThat(CommandLine.parse().sloPolicy())
        .isEqualTo(dev.fleetscope.services.slo.SloEvaluator.Policy.WORKBOOK);
    assertThat(CommandLine.parse("--slo-policy", "pyrra").sloPolicy())
        .isEqualTo(dev.fleetscope.services.slo.SloEvaluator.Policy.PYRRA);
    assertThatThrownBy(() -> CommandLine.parse("--slo-policy", "google"))
        .hasMessage("--slo-policy expects one of [workbook, pyrra], got 'google'");
    assertThatThrownBy(() -> CommandLine.parse("export", "overview", "--format", "xml"))
        .hasMessageContaining("[json, md]");
    assertThatThrownBy(() -> CommandLine.parse("export", "gpu"))
        .hasMessageContaining("unknown section 'gpu'");
  }

  @Test
  void probeOptionsFeedTheSectionAndItsExport() throws Exception {
    CommandLine cli =
        CommandLine.parse(
            "export",
            "probe",
            "--probe-workload",
            "kv-cache:blocks=64",
            "--probe-allocator",
            "model,cudaMalloc",
            "--probe-alloc-conf=expandable_segments:True");
    assertThat(cli.exportSection()).isEqualTo("probe");
    assertThat(cli.probe().workload()).isEqualTo("kv-cache:blocks=64");
    assertThat(cli.probe().allocators()).containsExactly("model", "cudaMalloc");
    assertThat(cli.probe().allocConf()).isEqualTo("expandable_segments:True");
    assertThat(CommandLine.parse("--probe-result", "/r.json").probe().result())
        .contains(Path.of("/r.json"));
    assertThat(CommandLine.parse().probe()).isEqualTo(CommandLine.ProbeOptions.DEFAULT);
  }

  @Test
  void sloFilesRepeatAndAtTakesAnRfc3339Time() throws Exception {
    CommandLine cli =
        CommandLine.parse(
            "export",
            "slo",
            "--slo-file",
            "a.yaml",
            "--slo-file=b.yaml",
            "--at",
            "2026-11-20T14:30:00+01:00");
    assertThat(cli.sloFiles()).containsExactly(Path.of("a.yaml"), Path.of("b.yaml"));
    assertThat(cli.at()).contains(java.time.Instant.parse("2026-11-20T13:30:00Z"));
    assertThatThrownBy(() -> CommandLine.parse("--at", "yesterday"))
        .hasMessage("--at expects an RFC 3339 time such as 2026-11-20T14:30:00Z, got 'yesterday'");
  }
}
