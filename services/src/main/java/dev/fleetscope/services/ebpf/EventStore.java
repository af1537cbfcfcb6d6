package dev.fleetscope.services.ebpf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The latest events of a trace, at most {@code capacity}, kept column by column (numbers in arrays,
 * strings shared between events) rather than as one object each: at 50,000 events a second the kept
 * events would otherwise be what every young collection copies, and its pauses would be felt in the
 * window. Reads build {@link TraceEvent}s on the fly. Thread-safe.
 */
public final class EventStore {
  private final int capacity;
  private final long[] seq;
  private final long[] elapsed;
  private final int[] pid;
  private final int[] tid;
  private final long[] cgroup;
  private final double[] latency;
  private final String[] kind;
  private final String[] detail;
  private final String[] comm;
  private final String[] text;
  private final byte[] cause;
  private long written;

  public EventStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    seq = new long[capacity];
    elapsed = new long[capacity];
    pid = new int[capacity];
    tid = new int[capacity];
    cgroup = new long[capacity];
    latency = new double[capacity];
    kind = new String[capacity];
    detail = new String[capacity];
    comm = new String[capacity];
    text = new String[capacity];
    cause = new byte[capacity];
  }

  public int capacity() {
    return capacity;
  }

  public void add(TraceEvent e) {
    add(e, null);
  }

  synchronized void add(TraceEvent e, GlitchCause c) {
    int i = (int) (written % capacity);
    seq[i] = e.seq();
    elapsed[i] = e.elapsedNs();
    pid[i] = e.pid();
    tid[i] = e.tid();
    cgroup[i] = e.cgroupId();
    latency[i] = e.latencyMs();
    kind[i] = e.kind();
    detail[i] = e.detail();
    comm[i] = e.comm();
    text[i] = e.text().isEmpty() ? "" : e.text();
    cause[i] = (byte) (c == null ? -1 : c.ordinal());
    written++;
  }

  /** How many were ever added (all but the latest {@code capacity} are gone). */
  public synchronized long total() {
    return written;
  }

  public synchronized int size() {
    return (int) Math.min(written, capacity);
  }

  private TraceEvent at(int i) {
    return new TraceEvent(
        seq[i],
        elapsed[i],
        kind[i],
        pid[i],
        tid[i],
        cgroup[i],
        latency[i],
        detail[i],
        comm[i],
        text[i]);
  }

  GlitchCause causeAt(int i) {
    return cause[i] < 0 ? null : GlitchCause.values()[cause[i]];
  }

  /** The latest {@code max} events that pass {@code filter}, oldest first. */
  public List<TraceEvent> latest(int max, Predicate<? super TraceEvent> filter) {
    List<TraceEvent> reversed = new ArrayList<>(Math.min(max, 4096));
    synchronized (this) {
      long start = Math.max(0, written - capacity);
      for (long n = written - 1; n >= start && reversed.size() < max; n--) {
        TraceEvent e = at((int) (n % capacity));
        if (filter.test(e)) {
          reversed.add(e);
        }
      }
    }
    List<TraceEvent> out = new ArrayList<>(reversed.size());
    for (int i = reversed.size() - 1; i >= 0; i--) {
      out.add(reversed.get(i));
    }
    return out;
  }

  public List<TraceEvent> all() {
    return latest(Integer.MAX_VALUE, x -> true);
  }

  /** Glitches: the same columns, with each one's cause. */
  public static final class Glitches {
    private final EventStore store;

    Glitches(int capacity) {
      store = new EventStore(capacity);
    }

    void add(TraceEvent e, GlitchCause c) {
      store.add(e, c);
    }

    public long total() {
      return store.total();
    }

    /** The latest {@code max} glitches, oldest first. */
    public List<TraceAggregator.Glitch> latest(int max) {
      List<TraceAggregator.Glitch> reversed = new ArrayList<>(Math.min(max, 4096));
      synchronized (store) {
        long start = Math.max(0, store.written - store.capacity);
        for (long n = store.written - 1; n >= start && reversed.size() < max; n--) {
          int i = (int) (n % store.capacity);
          reversed.add(new TraceAggregator.Glitch(store.at(i), store.causeAt(i)));
        }
      }
      List<TraceAggregator.Glitch> out = new ArrayList<>(reversed.size());
      for (int i = reversed.size() - 1; i >= 0; i--) {
        out.add(reversed.get(i));
      }
      return out;
    }

    public List<TraceAggregator.Glitch> all() {
      return latest(Integer.MAX_VALUE);
    }
  }
}
