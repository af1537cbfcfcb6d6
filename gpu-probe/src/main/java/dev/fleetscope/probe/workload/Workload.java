package dev.fleetscope.probe.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A sequence of tensor allocations and frees. Events are held in an int array for fast replay:
 * {@code i >= 0} allocates tensor {@code i}, {@code ~i} (negative) frees it. A tensor is allocated
 * at most once and freed at most once, after its allocation; tensors never freed live to the end.
 *
 * @param source where it came from: a file path or "preset NAME"
 */
public record Workload(String name, String source, List<Tensor> tensors, int[] events) {

  public Workload {
    tensors = List.copyOf(tensors);
    events = events.clone();
    BitSet allocated = new BitSet(tensors.size());
    BitSet freed = new BitSet(tensors.size());
    for (int e : events) {
      int t = e >= 0 ? e : ~e;
      if (t >= tensors.size()) {
        throw new IllegalArgumentException(
            "event refers to tensor #" + t + " of " + tensors.size());
      }
      if (e >= 0) {
        if (allocated.get(t)) {
          throw new IllegalArgumentException(tensors.get(t).name() + " is allocated twice");
        }
        allocated.set(t);
      } else {
        if (!allocated.get(t) || freed.get(t)) {
          throw new IllegalArgumentException(
              tensors.get(t).name() + " is freed before it is allocated, or twice");
        }
        freed.set(t);
      }
    }
  }

  @Override
  public int[] events() {
    return events.clone();
  }

  /** The events without a copy, for replay loops; callers must not modify it. */
  public int[] eventsView() {
    return events;
  }

  public int eventCount() {
    return events.length;
  }

  /** Sum of all tensors' bytes. */
  public long totalBytes() {
    long sum = 0;
    for (Tensor t : tensors) {
      sum += t.bytes();
    }
    return sum;
  }

  /** The most bytes live at once, counting each tensor at its exact size. */
  public long peakLiveBytes() {
    long live = 0;
    long peak = 0;
    for (int e : events) {
      if (e >= 0) {
        live += tensors.get(e).bytes();
        peak = Math.max(peak, live);
      } else {
        live -= tensors.get(~e).bytes();
      }
    }
    return peak;
  }

  /** Builds a workload event by event. */
  public static final class Builder {
    private final String name;
    private final String source;
    private final List<Tensor> tensors = new ArrayList<>();
    private int[] events = new int[64];
    private int count;

    public Builder(String name, String source) {
      this.name = name;
      this.source = source;
    }

    /** Adds a tensor and its allocation event; returns its index. */
    public int alloc(Tensor t) {
      tensors.add(t);
      int index = tensors.size() - 1;
      add(index);
      return index;
    }

    public Builder free(int tensorIndex) {
      add(~tensorIndex);
      return this;
    }

    private void add(int event) {
      if (count == events.length) {
        events = Arrays.copyOf(events, count * 2);
      }
      events[count++] = event;
    }

    public int tensorCount() {
      return tensors.size();
    }

    public Workload build() {
      return new Workload(name, source, tensors, Arrays.copyOf(events, count));
    }
  }
}
