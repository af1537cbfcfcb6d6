package dev.fleetscope.services.ebpf;

/**
 * What a library script is asked to trace. All numbers, so a parameter can never change the
 * program's text beyond the value itself.
 *
 * @param pid one process (thread group) or 0 for all
 * @param cgroupId one cgroup v2 id or 0 for all
 * @param thresholdUs events at or over this are printed (and are glitches)
 * @param intervalSeconds one histogram column per interval
 * @param durationSeconds the script exits after this long; the runner stops it a little later
 */
public record TraceParams(
    int pid, long cgroupId, long thresholdUs, int intervalSeconds, int durationSeconds) {
  public static final TraceParams DEFAULT = new TraceParams(0, 0, 10_000, 1, 30);
  public static final int MAX_DURATION_SECONDS = 3600;

  public TraceParams {
    if (pid < 0) {
      throw new IllegalArgumentException("PID must be 0 (all) or a process id, got " + pid);
    }
    if (cgroupId < 0) {
      throw new IllegalArgumentException("cgroup id must be 0 (all) or an id, got " + cgroupId);
    }
    if (thresholdUs < 1) {
      throw new IllegalArgumentException(
          "threshold must be at least 1 µs, got " + thresholdUs + " µs");
    }
    if (intervalSeconds < 1 || intervalSeconds > 60) {
      throw new IllegalArgumentException(
          "interval must be 1 to 60 s, got " + intervalSeconds + " s");
    }
    if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
      throw new IllegalArgumentException(
          "duration must be 1 to " + MAX_DURATION_SECONDS + " s, got " + durationSeconds + " s");
    }
  }
}
