package dev.fleetscope.services.gpumemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The allocator's state at any point of a snapshot's recorded history ({@code device_traces}),
 * worked out backwards from the state at the end, as PyTorch's memory_viz does: the recording may
 * have started after memory was already in use, but the end state is complete. Blocks are shown
 * with the size the trace records (the requested size: traces do not record the rounding).
 * Checkpoints every {@value #CHECKPOINT} events keep any position a few thousand steps away.
 */
public final class AllocatorTimeline {
  static final int CHECKPOINT = 1024;

  private final AllocatorSnapshot snapshot;
  private final int device;
  private final List<TraceEntry> events;

  /** States after i events, every CHECKPOINT events and at the end. */
  private final TreeMap<Integer, State> checkpoints = new TreeMap<>();

  private final List<Integer> ooms = new ArrayList<>();

  /** Live memory: segments by address (size, type) and active blocks by address. */
  private record State(
      TreeMap<Long, SnapshotSegment> segments, TreeMap<Long, SnapshotBlock> blocks) {
    State copy() {
      return new State(new TreeMap<>(segments), new TreeMap<>(blocks));
    }
  }

  /** The timeline of {@code device}. */
  public AllocatorTimeline(AllocatorSnapshot snapshot, int device) {
    this.snapshot = snapshot;
    this.device = device;
    this.events = snapshot.traces().stream().filter(t -> t.device() == device).toList();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).action().equals("oom")) {
        ooms.add(i);
      }
    }
    // Walk back from the end, keeping the state at every checkpoint (index i = after i events).
    State s = endState();
    for (int i = events.size(); i >= 0; i--) {
      if (i % CHECKPOINT == 0 || i == events.size()) {
        checkpoints.put(i, s.copy());
      }
      if (i > 0) {
        undo(s, events.get(i - 1));
      }
    }
  }

  public int events() {
    return events.size();
  }

  public TraceEntry event(int index) {
    return events.get(index);
  }

  /** Indices of the out-of-memory events. */
  public List<Integer> ooms() {
    return List.copyOf(ooms);
  }

  /** The state after the first {@code k} events (0: before any; events(): the snapshot's end). */
  public AllocatorSnapshot stateAt(int k) {
    if (k < 0 || k > events.size()) {
      throw new IndexOutOfBoundsException(k);
    }
    Map.Entry<Integer, State> from = checkpoints.ceilingEntry(k);
    State s = from.getValue().copy();
    for (int i = from.getKey(); i > k; i--) {
      undo(s, events.get(i - 1));
    }
    return asSnapshot(s, k);
  }

  private State endState() {
    State s = new State(new TreeMap<>(), new TreeMap<>());
    for (SnapshotSegment seg : snapshot.segments()) {
      if (seg.device() != device) {
        continue;
      }
      s.segments.put(
          seg.address(),
          new SnapshotSegment(
              seg.device(),
              seg.address(),
              seg.totalSize(),
              seg.stream(),
              seg.segmentType(),
              seg.expandable(),
              List.of()));
      for (SnapshotBlock b : seg.blocks()) {
        if (b.state().active()) {
          s.blocks.put(b.address(), b);
        }
      }
    }
    return s;
  }

  /** Turns the state after event {@code e} into the state before it. */
  private static void undo(State s, TraceEntry e) {
    switch (e.action()) {
      case "alloc" -> s.blocks.remove(e.address());
      case "free_requested" -> {
        SnapshotBlock b = s.blocks.get(e.address());
        if (b != null) {
          s.blocks.put(e.address(), withState(b, BlockState.ACTIVE_ALLOCATED));
        }
      }
      case "free_completed" ->
          s.blocks.put(
              e.address(),
              new SnapshotBlock(
                  e.address(), e.size(), e.size(), BlockState.ACTIVE_PENDING_FREE, e.frames()));
      case "segment_alloc", "segment_map" -> s.segments.remove(e.address());
      case "segment_free", "segment_unmap" ->
          s.segments.put(
              e.address(),
              new SnapshotSegment(
                  0,
                  e.address(),
                  e.size(),
                  e.stream(),
                  "large",
                  e.action().equals("segment_unmap"),
                  List.of()));
      default -> {}
    }
  }

  private static SnapshotBlock withState(SnapshotBlock b, BlockState state) {
    return new SnapshotBlock(b.address(), b.size(), b.requestedSize(), state, b.frames());
  }

  /** The state as a drawable snapshot: each segment's active blocks with free gaps between. */
  private AllocatorSnapshot asSnapshot(State s, int k) {
    List<SnapshotSegment> segments = new ArrayList<>();
    for (SnapshotSegment seg : s.segments.values()) {
      long end = seg.address() + seg.totalSize();
      List<SnapshotBlock> blocks = new ArrayList<>();
      long cursor = seg.address();
      for (Map.Entry<Long, SnapshotBlock> e :
          s.blocks.subMap(seg.address(), true, end, false).entrySet()) {
        SnapshotBlock b = e.getValue();
        if (b.address() > cursor) {
          blocks.add(
              new SnapshotBlock(cursor, b.address() - cursor, 0, BlockState.INACTIVE, List.of()));
        }
        long size = Math.min(b.size(), end - b.address());
        blocks.add(
            new SnapshotBlock(
                b.address(), size, Math.min(b.requestedSize(), size), b.state(), b.frames()));
        cursor = b.address() + size;
      }
      if (cursor < end) {
        blocks.add(new SnapshotBlock(cursor, end - cursor, 0, BlockState.INACTIVE, List.of()));
      }
      segments.add(
          new SnapshotSegment(
              seg.device(),
              seg.address(),
              seg.totalSize(),
              seg.stream(),
              seg.segmentType(),
              seg.expandable(),
              blocks));
    }
    return new AllocatorSnapshot(
        snapshot.source() + " at event " + k,
        "timeline",
        segments,
        List.of(),
        snapshot.allocatorSettings());
  }
}
