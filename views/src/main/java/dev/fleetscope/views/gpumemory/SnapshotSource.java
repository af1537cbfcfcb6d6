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

  /**
   * Reads a snapshot, reporting the share read so far (0..1) as it goes. Interrupting the calling
   * thread cancels the read with a {@link java.util.concurrent.CancellationException}.
   */
  default AllocatorSnapshot open(Path file, java.util.function.DoubleConsumer progress) {
    return open(file);
  }

  /** A snapshot to show when none was opened: the allocator model's layout of a demo workload. */
  AllocatorSnapshot demo();

  /**
   * The allocator model's answer to the same history: the snapshot's recorded allocations and frees
   * replayed through the model with the snapshot's allocator settings.
   *
   * @throws dev.fleetscope.services.gpumemory.SnapshotFormatException when it has no history
   */
  AllocatorSnapshot modelOf(AllocatorSnapshot snapshot);
}
