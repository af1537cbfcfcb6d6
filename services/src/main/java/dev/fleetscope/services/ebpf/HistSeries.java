package dev.fleetscope.services.ebpf;

import dev.fleetscope.services.ebpf.TraceRecord.Bucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One histogram of a trace ({@code @name} or {@code @name[key]}) over time: the running total, and
 * one column per printed interval for the heatmap. A script that prints and clears every interval
 * gives a column per print; one that never clears prints running totals, and the column is the
 * difference from the print before ({@link HistMode}).
 */
public final class HistSeries {
  /** How a script's repeated prints of one histogram relate. */
  public enum HistMode {
    /** each print holds one interval (the script clears the map after printing) */
    INTERVAL,
    /** each print holds everything so far */
    CUMULATIVE,
    /** decide per print: cumulative when no bucket went down and some went up */
    AUTO
  }

  /** One interval's counts, by bucket lower bound, and the label of the interval (a time). */
  public record Column(String label, Map<Long, Long> counts) {
    public Column {
      counts = Map.copyOf(counts);
    }

    public long total() {
      long t = 0;
      for (long c : counts.values()) {
        t += c;
      }
      return t;
    }
  }

  /** What the view draws: buckets of the total, and the columns, oldest first. */
  public record View(String name, String key, List<Bucket> total, List<Column> columns) {
    public View {
      total = List.copyOf(total);
      columns = List.copyOf(columns);
    }

    public String title() {
      return key.isEmpty() ? name : name + "[" + key + "]";
    }

    public long count() {
      long t = 0;
      for (Bucket b : total) {
        t += b.count();
      }
      return t;
    }

    /** The value below which the fraction q of samples lie, read off the bucket bounds. */
    public double quantile(double q) {
      long n = count();
      if (n == 0) {
        return Double.NaN;
      }
      double rank = q * n;
      long seen = 0;
      for (Bucket b : total) {
        if (b.count() == 0) {
          continue;
        }
        if (seen + b.count() >= rank) {
          long lo = b.min() == null ? (b.max() == null ? 0 : b.max()) : b.min();
          long hi = b.max() == null ? lo : b.max() + 1;
          double within = (rank - seen) / b.count();
          return lo + within * (hi - lo);
        }
        seen += b.count();
      }
      Bucket last = total.get(total.size() - 1);
      return last.max() == null ? (last.min() == null ? 0 : last.min()) : last.max();
    }
  }

  private static final long NO_MIN = Long.MIN_VALUE;
  private final String name;
  private final String key;
  private final int maxColumns;
  private final TreeMap<Long, Long> total = new TreeMap<>();
  private final TreeMap<Long, Long> maxOf = new TreeMap<>();
  private final ArrayList<Column> columns = new ArrayList<>();
  private Map<Long, Long> lastPrint = Map.of();

  public HistSeries(String name, String key, int maxColumns) {
    this.name = name;
    this.key = key;
    this.maxColumns = maxColumns;
  }

  public void add(List<Bucket> buckets, String label, HistMode mode) {
    TreeMap<Long, Long> print = new TreeMap<>();
    for (Bucket b : buckets) {
      long lo = b.min() == null ? NO_MIN : b.min();
      print.merge(lo, b.count(), Long::sum);
      maxOf.put(lo, b.max() == null ? Long.MAX_VALUE : b.max());
    }
    boolean cumulative = mode == HistMode.CUMULATIVE || (mode == HistMode.AUTO && grew(print));
    Map<Long, Long> column = new TreeMap<>();
    if (cumulative) {
      for (Map.Entry<Long, Long> e : print.entrySet()) {
        long d = e.getValue() - lastPrint.getOrDefault(e.getKey(), 0L);
        if (d > 0) {
          column.put(e.getKey(), d);
        }
      }
      total.clear();
      total.putAll(print);
    } else {
      for (Map.Entry<Long, Long> e : print.entrySet()) {
        if (e.getValue() > 0) {
          column.put(e.getKey(), e.getValue());
        }
        total.merge(e.getKey(), e.getValue(), Long::sum);
      }
    }
    lastPrint = print;
    columns.add(new Column(label, column));
    if (columns.size() > maxColumns) {
      columns.remove(0);
    }
  }

  private boolean grew(Map<Long, Long> print) {
    if (lastPrint.isEmpty()) {
      return false;
    }
    boolean up = false;
    for (Map.Entry<Long, Long> e : lastPrint.entrySet()) {
      long now = print.getOrDefault(e.getKey(), 0L);
      if (now < e.getValue()) {
        return false;
      }
      up |= now > e.getValue();
    }
    return up || print.size() > lastPrint.size();
  }

  public View view() {
    List<Bucket> buckets = new ArrayList<>();
    for (Map.Entry<Long, Long> e : total.entrySet()) {
      long lo = e.getKey();
      long hi = maxOf.getOrDefault(lo, Long.MAX_VALUE);
      buckets.add(
          new Bucket(lo == NO_MIN ? null : lo, hi == Long.MAX_VALUE ? null : hi, e.getValue()));
    }
    return new View(name, key, buckets, columns);
  }
}
