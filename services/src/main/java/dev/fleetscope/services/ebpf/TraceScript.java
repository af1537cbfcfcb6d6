package dev.fleetscope.services.ebpf;

import java.util.List;

/**
 * A bpftrace program: one of the library's (parameterized with {@code {{name}}} placeholders) or
 * the user's own.
 *
 * @param id file name without {@code .bt}, or "custom"
 * @param unit what the script's histograms count (us, ms, faults, samples)
 * @param source the program text, placeholders not yet filled in
 */
public record TraceScript(
    String id, String title, String about, String unit, String source, List<String> params) {
  public TraceScript {
    params = List.copyOf(params);
  }

  /**
   * The first line a library script prints: it tells whoever reads the stream later (a recording
   * opened again, {@code export ebpf}) that each histogram print holds one interval.
   */
  public static final String MARKER = "#fleetscope ";

  /** The program with the parameters filled in. */
  public String render(TraceParams p) {
    String program =
        custom()
            ? source
            : "BEGIN { printf(\"" + MARKER + "script=" + id + " hists=interval\\n\"); }\n" + source;
    return program
        .replace("{{pid}}", Integer.toString(p.pid()))
        .replace("{{cgroup}}", Long.toString(p.cgroupId()))
        .replace("{{threshold_us}}", Long.toString(p.thresholdUs()))
        .replace("{{interval_s}}", Integer.toString(p.intervalSeconds()))
        .replace("{{duration_s}}", Integer.toString(p.durationSeconds()));
  }

  public boolean custom() {
    return id.equals("custom");
  }

  /** The user's own program, run as written (placeholders, if any, are filled in too). */
  public static TraceScript custom(String source) {
    return new TraceScript(
        "custom", "Custom script", "Your own bpftrace program.", "", source, List.of());
  }
}
