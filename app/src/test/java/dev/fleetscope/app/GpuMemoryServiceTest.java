package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.Fragmentation;
import dev.fleetscope.services.gpumemory.SnapshotFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuMemoryServiceTest {
  @TempDir Path dir;
  private final GpuMemoryService service = new GpuMemoryService();

  @Test
  void theDemoIsAReplicaLaidOutByTheModel() {
    AllocatorSnapshot demo = service.demo();
    // Llama-3-8B's weights alone take 195 segments; the KV cache and activations add more.
    assertThat(demo.segments().size()).isGreaterThan(195);
    Fragmentation f = Fragmentation.of(demo);
    assertThat(f.allocated()).isGreaterThan(16_000_000_000L);
    assertThat(f.free()).isPositive();
  }

  @Test
  void jsonThatIsNotAProbeResultOrHasNoLayoutSaysSo() throws Exception {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"segments\": []}");
    assertThat(
            catchThrowableOfType(SnapshotFormatException.class, () -> service.open(other))
                .getMessage())
        .endsWith(
            "other.json: JSON, but not a gpu-probe result (PyTorch memory snapshots are pickles;"
                + " probe results carry \"schema\": \"fleetscope.probe/v1\")");
    Path noModel = dir.resolve("transfers.json");
    Files.copy(Path.of("../docs/benchmarks-data/h100-2026-11-24/transfers.json"), noModel);
    assertThat(
            catchThrowableOfType(SnapshotFormatException.class, () -> service.open(noModel))
                .getMessage())
        .contains("this gpu-probe result has no allocator layout");
  }
}
