package dev.fleetscope.views.gpumemory;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import java.nio.file.Path;

/** Port of the GPU memory section: allocator snapshots from files, and a demo one. */
public interface SnapshotSource {

  /**
   * Reads a PyTorch memory snapshot.
   *
   * @throws dev.fleetscope.services.gpumemory.SnapshotFormatException with a message for people
   */
  AllocatorSnapshot open(Path file);

  /** A snapshot to show when none was opened: the allocator model's layout of a demo workload. */
  AllocatorSnapshot demo();
}
