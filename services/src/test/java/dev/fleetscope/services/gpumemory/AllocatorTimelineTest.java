package dev.fleetscope.services.gpumemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.gpumemory.adapter.TorchSnapshotReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history of a real snapshot PyTorch 2.11 recorded on an H100, replayed backwards. */
class AllocatorTimelineTest {
  private static final AllocatorSnapshot H100 =
      TorchSnapshotReader.forThisHeap()
          .read(Path.of("../docs/benchmarks-data/h100-2026-11-24/torch-snapshot-churn100.pickle"));

  private static long live(AllocatorSnapshot s) {
    long sum = 0;
    for (SnapshotSegment seg : s.segments()) {
      for (SnapshotBlock b : seg.blocks()) {
        if (b.state().active()) {
          sum += b.requestedSize();
        }
      }
    }
    return sum;
  }

  @Test
  void theEndIsTheSnapshotAndTheStartIsEmpty() {
    AllocatorTimeline t = new AllocatorTimeline(H100, 0);
    assertThat(t.events()).isEqualTo(6838);
    AllocatorSnapshot end = t.stateAt(t.events());
    assertThat(end.segments())
        .extracting(SnapshotSegment::address)
        .containsExactlyInAnyOrderElementsOf(
            H100.segments().stream().map(SnapshotSegment::address).toList());
    assertThat(live(end)).isZero();
    // Recording began before the first allocation: nothing was reserved yet.
    assertThat(t.stateAt(0).segments()).isEmpty();
    assertThat(t.ooms()).isEmpty();
  }

  @Test
  void everyStateTilesItsSegmentsAndFollowsTheEvents() {
    AllocatorTimeline t = new AllocatorTimeline(H100, 0);
    long previous = 0;
    for (int k = 1; k <= t.events(); k += 97) {
      AllocatorSnapshot s = t.stateAt(k);
      for (SnapshotSegment seg : s.segments()) {
        long cursor = seg.address();
        for (SnapshotBlock b : seg.blocks()) {
          assertThat(b.address()).isEqualTo(cursor);
          cursor += b.size();
        }
        assertThat(cursor).isEqualTo(seg.address() + seg.totalSize());
      }
      // Between two states, live bytes change by exactly the allocations and frees in between.
      long expected = previous;
      for (int i = Math.max(0, k - 97); i < k && k > 1; i++) {
        TraceEntry e = t.event(i);
        if (e.action().equals("alloc")) {
          expected += e.size();
        } else if (e.action().equals("free_completed")) {
          expected -= e.size();
        }
      }
      if (k > 1) {
        assertThat(live(s)).as("live bytes after %d events", k).isEqualTo(expected);
      }
      previous = live(s);
    }
  }

  @Test
  void checkpointsGiveTheSameStateAsWalkingBackFromTheEnd() {
    AllocatorTimeline t = new AllocatorTimeline(H100, 0);
    for (int k : List.of(1, 1023, 1024, 1025, 3000, 6837)) {
      AllocatorSnapshot viaCheckpoint = t.stateAt(k);
      assertThat(Fragmentation.of(viaCheckpoint).reserved()).isEqualTo(reservedWalkingBack(t, k));
    }
  }

  private static long reservedWalkingBack(AllocatorTimeline t, int k) {
    long reserved = H100.segments().stream().mapToLong(SnapshotSegment::totalSize).sum();
    for (int i = t.events() - 1; i >= k; i--) {
      TraceEntry e = t.event(i);
      if (e.action().equals("segment_alloc")) {
        reserved -= e.size();
      } else if (e.action().equals("segment_free")) {
        reserved += e.size();
      }
    }
    return reserved;
  }
}
