package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.ebpf.DemoRecordings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export ebpf --trace FILE} on a stream bpftrace recorded (one of the built-in ones). */
class EbpfExportTest {
  private static String run(int expectedExit, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        EbpfExport.run(
            CommandLine.parse(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
    return expectedExit == 0
        ? out.toString(StandardCharsets.UTF_8)
        : err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void summarizesARecordedStreamAndCountsItsBadLines(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("runqlat.jsonl");
    try (var in = DemoRecordings.open("runqlat")) {
      String stream = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Files.writeString(file, stream + "not json at all\n");
    }
    JsonNode json =
        new ObjectMapper().readTree(run(0, "export", "ebpf", "--trace", file.toString()));
    assertThat(json.get("source").asText()).isEqualTo("recorded: runqlat.jsonl");
    assertThat(json.at("/stream/badLines").asLong()).isEqualTo(1);
    assertThat(json.at("/stream/badLineSamples/0").asText()).contains("malformed JSON");
    JsonNode runq = json.get("histograms").get(0);
    assertThat(runq.get("name").asText()).isEqualTo("@runq_us");
    assertThat(runq.get("samples").asLong()).isGreaterThan(10_000);
    assertThat(runq.get("intervals").asInt()).isBetween(9, 13);
    // The recording ran six busy loops on two cores: p99 waits are scheduler slices (ms).
    assertThat(runq.get("p99").asDouble()).isGreaterThan(4_000);
    assertThat(json.at("/glitchCauses/0/cause").asText()).isEqualTo("run-queue wait");
    assertThat(json.get("worstGlitches").size()).isEqualTo(20);
    assertThat(json.at("/worstGlitches/0/ms").asDouble())
        .isGreaterThanOrEqualTo(json.at("/worstGlitches/19/ms").asDouble());

    String md = run(0, "export", "ebpf", "--trace", file.toString(), "--format", "md");
    assertThat(md)
        .contains(
            "# eBPF trace: recorded: runqlat.jsonl",
            "| @runq_us |",
            "## Glitches by cause",
            "| run-queue wait |",
            "1 bad lines");
  }

  @Test
  void stacksAreSummarizedAsTheHeaviestPaths(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("offcpu.jsonl.gz");
    try (var in = DemoRecordings.class.getResourceAsStream("recordings/offcpu.jsonl.gz")) {
      Files.copy(in, file);
    }
    JsonNode json =
        new ObjectMapper().readTree(run(0, "export", "ebpf", "--trace", file.toString()));
    JsonNode top = json.at("/topStacks/@offcpu_us");
    assertThat(top.size()).isEqualTo(10);
    assertThat(top.get(0).get("stack").asText()).startsWith("@offcpu_us;").contains("schedule");
    assertThat(top.get(0).get("value").asDouble())
        .isGreaterThanOrEqualTo(top.get(9).get("value").asDouble());
  }

  @Test
  void aMissingFileOrFlagIsOneClearMessage(@TempDir Path dir) throws Exception {
    assertThat(run(2, "export", "ebpf")).contains("export ebpf needs --trace FILE");
    assertThat(run(2, "export", "ebpf", "--trace", dir.resolve("nope.jsonl").toString()))
        .contains("nope.jsonl: no such file");
  }
}
