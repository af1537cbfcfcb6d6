package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.app.cli.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SnapshotExportTest {
  private static final String H100 =
      "../docs/benchmarks-data/h100-2026-11-24/torch-snapshot-churn100.pickle";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int export(String... args) throws Exception {
    return SnapshotExport.run(
        CommandLine.parse(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aRealSnapshotSummarizesAsMarkdownAndJson() throws Exception {
    assertThat(export("export", "gpu-memory", "--snapshot", H100, "--format", "md")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("10 segments")
        .contains("| reserved | 1040.00 MiB |")
        .contains("| allocated (after rounding) | 0.00 MiB |");
    out.reset();
    assertThat(export("export", "gpu-memory", "--snapshot", H100)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"reservedBytes\" : 1090519040");
  }

  @Test
  void withoutASnapshotItSaysWhatIsNeeded() throws Exception {
    assertThat(export("export", "gpu-memory")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("fleetscope: export gpu-memory needs --snapshot FILE");
  }
}
