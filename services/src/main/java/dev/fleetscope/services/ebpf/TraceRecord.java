package dev.fleetscope.services.ebpf;

import java.util.List;

/**
 * One line of {@code bpftrace -f json} output, read into plain values. Versions 0.17 and later are
 * covered; a type this reader does not know becomes {@link Unknown} rather than an error, so a
 * newer bpftrace degrades to "shown raw" instead of failing.
 */
public sealed interface TraceRecord {

  /** The record's {@code type} field as bpftrace wrote it. */
  String type();

  /** {@code attached_probes}: {@code data.probes} (0.17) or {@code count} (newer). */
  record AttachedProbes(long count) implements TraceRecord {
    @Override
    public String type() {
      return "attached_probes";
    }
  }

  /** {@code lost_events}: {@code data.events} (0.17) or {@code count} (newer). */
  record LostEvents(long count) implements TraceRecord {
    @Override
    public String type() {
      return "lost_events";
    }
  }

  /** Text records: {@code printf}, {@code time}, {@code join}, {@code cat}, {@code syscall}. */
  record Text(TextKind kind, String text) implements TraceRecord {
    @Override
    public String type() {
      return kind.wire;
    }
  }

  /** The kinds of text record. */
  enum TextKind {
    PRINTF("printf"),
    TIME("time"),
    JOIN("join"),
    CAT("cat"),
    SYSCALL("syscall");

    public final String wire;

    TextKind(String wire) {
      this.wire = wire;
    }
  }

  /**
   * {@code map}: a scalar map ({@code @x = 5}: one entry with an empty key) or a keyed one. Values
   * are {@link Long}, {@link Double}, {@link String}, or nested lists and maps for anything else.
   */
  record MapRecord(String name, List<MapEntry> entries) implements TraceRecord {
    public MapRecord {
      entries = List.copyOf(entries);
    }

    @Override
    public String type() {
      return "map";
    }
  }

  /** One key of a map. {@code key} is the raw key, {@code parts} its tuple elements. */
  record MapEntry(MapKey key, Object value) {
    /** The value as a number, or NaN when it is not one. */
    public double number() {
      return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
  }

  /** {@code hist}, used by bpftrace for both {@code hist()} and {@code lhist()}. */
  record HistRecord(String name, List<KeyedHist> hists) implements TraceRecord {
    public HistRecord {
      hists = List.copyOf(hists);
    }

    @Override
    public String type() {
      return "hist";
    }
  }

  /** One histogram: its key (empty for an unkeyed map) and its buckets, lowest first. */
  record KeyedHist(MapKey key, List<Bucket> buckets) {
    public KeyedHist {
      buckets = List.copyOf(buckets);
    }

    public long total() {
      long t = 0;
      for (Bucket b : buckets) {
        t += b.count();
      }
      return t;
    }
  }

  /**
   * A bucket {@code [min, max]}, both inclusive. The first bucket of an {@code lhist} has no {@code
   * min} (everything below) and the last none of {@code max}: those are null.
   */
  record Bucket(Long min, Long max, long count) {}

  /** {@code stats}: count, average and total per key. */
  record StatsRecord(String name, List<KeyedStats> stats) implements TraceRecord {
    public StatsRecord {
      stats = List.copyOf(stats);
    }

    @Override
    public String type() {
      return "stats";
    }
  }

  record KeyedStats(MapKey key, long count, double average, double total) {}

  /** {@code tseries} (bpftrace 0.23 and later): a value per interval start. */
  record TimeSeriesRecord(String name, List<KeyedSeries> series) implements TraceRecord {
    public TimeSeriesRecord {
      series = List.copyOf(series);
    }

    @Override
    public String type() {
      return "tseries";
    }
  }

  record KeyedSeries(MapKey key, List<SeriesPoint> points) {
    public KeyedSeries {
      points = List.copyOf(points);
    }
  }

  /** One interval of a time series; {@code intervalStart} as bpftrace printed it. */
  record SeriesPoint(String intervalStart, double value) {}

  /** {@code value}: what {@code print(expr)} printed of a non-map value. */
  record ValueRecord(Object value) implements TraceRecord {
    @Override
    public String type() {
      return "value";
    }
  }

  /**
   * Errors and warnings bpftrace reports while running: {@code helper_error}, {@code
   * runtime_error}, {@code print_error}, {@code errorf}, {@code warnf}.
   *
   * @param line 0 when not given
   */
  record Problem(
      String type,
      boolean warning,
      String message,
      String helper,
      long retcode,
      String file,
      long line,
      long col)
      implements TraceRecord {
    /** One line for the log: what, where. */
    public String describe() {
      StringBuilder s = new StringBuilder(type).append(": ");
      s.append(message.isEmpty() ? "(no message)" : message);
      if (!helper.isEmpty()) {
        s.append(" in helper ").append(helper);
      }
      if (retcode != 0) {
        s.append(" (return code ").append(retcode).append(')');
      }
      if (line > 0) {
        s.append(" at ")
            .append(file.isEmpty() ? "script" : file)
            .append(':')
            .append(line)
            .append(':')
            .append(col);
      }
      return s.toString();
    }
  }

  /** A record type this reader does not know (a newer bpftrace); kept so it can be shown. */
  record Unknown(String type, String raw) implements TraceRecord {}
}
