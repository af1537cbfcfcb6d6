package dev.fleetscope.probe.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProbeJsonTest {
  /**
   * A result the probe wrote on an NVIDIA H100 (docs/benchmarks.md), found from the module (Maven)
   * or from the repository root (run-on-gpu.sh runs the tests there).
   */
  private static final Path H100 =
      Stream.of("..", ".")
          .map(root -> Path.of(root, "docs/benchmarks-data/h100-2026-11-24/llama3-8b.json"))
          .filter(Files::isRegularFile)
          .findFirst()
          .orElseThrow();

  @Test
  void readsAResultMadeOnAnH100() throws Exception {
    ProbeResult r = ProbeJson.read(H100.toString(), Files.readString(H100));
    assertThat(r.devices())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.name()).isEqualTo("NVIDIA H100 80GB HBM3");
              assertThat(d.link().maxGeneration()).isEqualTo(5);
              assertThat(d.vmmGranularityMinimum()).isEqualTo(2L << 20);
            });
    assertThat(r.allocations())
        .extracting(a -> a.allocator())
        .containsExactly("cudaMalloc", "pool", "vmm");
    // VMM rounds every tensor to the 2 MiB granularity, and says exactly by how much.
    assertThat(r.allocations().get(2).tensors())
        .allSatisfy(t -> assertThat(t.wasteExact()).isTrue());
    assertThat(r.allocations().get(2).knownWaste()).isEqualTo(135_782_400L);
    assertThat(r.allocations().get(0).tensors()).hasSize(291);
    assertThat(r.model().stats().segments()).isEqualTo(195);
    assertThat(r.problems()).isEmpty();
    assertThat(r.measured()).isTrue();
  }

  @Test
  void anotherSchemaOrAMissingFieldIsNamed() {
    assertThat(
            catchThrowableOfType(
                    ResultFormatException.class,
                    () -> ProbeJson.read("r.json", "{\"schema\": \"other/v1\"}"))
                .getMessage())
        .isEqualTo("r.json: schema: \"other/v1\" is not a Fleetscope probe result");
    assertThat(
            catchThrowableOfType(
                    ResultFormatException.class,
                    () -> ProbeJson.read("r.json", "{\"schema\": \"fleetscope.probe/v9\"}"))
                .getMessage())
        .startsWith("r.json: schema: fleetscope.probe/v9 is newer than this Fleetscope reads");
    String noName =
        "{\"schema\": \"fleetscope.probe/v1\", \"createdAt\": \"x\", \"host\": \"h\", \"toolVersion\": \"1\","
            + " \"devices\": [{\"index\": 0, \"computeCapability\": \"9.0\"}]}";
    assertThat(
            catchThrowableOfType(
                    ResultFormatException.class, () -> ProbeJson.read("r.json", noName))
                .getMessage())
        .isEqualTo("r.json: devices[0].name: is required");
    assertThat(
            catchThrowableOfType(
                    ResultFormatException.class, () -> ProbeJson.read("r.json", "{\"schema\": ["))
                .getMessage())
        .startsWith("r.json: not valid JSON");
  }
}
