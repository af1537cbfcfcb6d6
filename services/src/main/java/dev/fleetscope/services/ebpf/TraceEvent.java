package dev.fleetscope.services.ebpf;

/**
 * One {@code printf} line of a trace. The scripts shipped with Fleetscope print {@code ev=KIND
 * t=ELAPSED_NS pid=P tid=T cg=CGROUP_ID lat_us=N [more k=v] comm=COMM}; such lines are read into
 * fields (comm last, since it may hold spaces). Any other printf line is kept as text, kind {@code
 * printf}.
 *
 * @param seq position in the stream (0-based, over every event seen)
 * @param elapsedNs nanoseconds since the trace started, or -1 when the line does not say
 * @param pid process id (bpftrace's {@code pid}: the thread group), or -1
 * @param cgroupId cgroup v2 id ({@code cgroup} builtin), or 0
 * @param latencyMs how long the thing the event measures took, or NaN when it measures no time
 * @param detail the remaining {@code k=v} pairs
 * @param text the line as printed, without its newline, for lines that are not {@code ev=} events
 *     (those keep their fields only: a trace holds up to millions of them)
 */
public record TraceEvent(
    long seq,
    long elapsedNs,
    String kind,
    int pid,
    int tid,
    long cgroupId,
    double latencyMs,
    String detail,
    String comm,
    String text) {

  /**
   * Repeated strings (kinds, comms, short details) share one instance: a trace holds many events of
   * few processes, and fewer objects per event keep collection pauses short at high event rates.
   */
  private static final int SHARED_MAX = 8192;

  private static final java.util.concurrent.ConcurrentHashMap<String, String> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static String shared(String s) {
    if (s.length() > 40) {
      return s;
    }
    String was = SHARED.putIfAbsent(s, s);
    if (was != null) {
      return was;
    }
    if (SHARED.size() > SHARED_MAX) {
      SHARED.clear();
    }
    return s;
  }

  /** Reads a printf line; never fails (a line it cannot read becomes a plain text event). */
  public static TraceEvent parse(long seq, String line) {
    String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    if (!text.startsWith("ev=")) {
      return new TraceEvent(seq, -1, "printf", -1, -1, 0, Double.NaN, "", "", text);
    }
    String kind = "";
    long t = -1;
    int pid = -1;
    int tid = -1;
    long cg = 0;
    double lat = Double.NaN;
    String comm = "";
    StringBuilder detail = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String k = text.substring(i, eq);
      if (k.equals("comm")) {
        comm = text.substring(eq + 1);
        break;
      }
      int end = text.indexOf(' ', eq + 1);
      if (end < 0) {
        end = n;
      }
      String v = text.substring(eq + 1, end);
      switch (k) {
        case "ev" -> kind = v;
        case "t" -> t = parseLong(v, -1);
        case "pid" -> pid = (int) parseLong(v, -1);
        case "tid" -> tid = (int) parseLong(v, -1);
        case "cg" -> cg = parseLong(v, 0);
        case "lat_us" -> {
          long us = parseLong(v, Long.MIN_VALUE);
          lat = us == Long.MIN_VALUE ? Double.NaN : us / 1000.0;
        }
        default -> {
          if (detail.length() > 0) {
            detail.append(' ');
          }
          detail.append(k).append('=').append(v);
        }
      }
      i = end + 1;
    }
    return new TraceEvent(
        seq,
        t,
        kind.isEmpty() ? "printf" : shared(kind),
        pid,
        tid,
        cg,
        lat,
        shared(detail.toString()),
        shared(comm),
        "");
  }

  /** The value of one {@code k=v} pair of {@link #detail()}, or "" when absent. */
  public String field(String name) {
    String d = detail;
    int i = 0;
    while (i < d.length()) {
      int end = d.indexOf(' ', i);
      if (end < 0) {
        end = d.length();
      }
      int eq = d.indexOf('=', i);
      if (eq > i
          && eq < end
          && d.regionMatches(i, name, 0, name.length())
          && eq - i == name.length()) {
        return d.substring(eq + 1, end);
      }
      i = end + 1;
    }
    return "";
  }

  private static long parseLong(String s, long fallback) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
