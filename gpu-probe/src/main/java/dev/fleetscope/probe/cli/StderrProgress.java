package dev.fleetscope.probe.cli;

import dev.fleetscope.probe.Progress;
import java.io.PrintStream;

/** Progress lines on stderr, at most a few per second, for runs longer than a moment. */
final class StderrProgress implements Progress {
  private static final long INTERVAL_NANOS = 500_000_000L;
  private final PrintStream err;
  private final Progress cancel;
  private long last = System.nanoTime();
  private String lastStep = "";

  StderrProgress(PrintStream err, Progress cancel) {
    this.err = err;
    this.cancel = cancel;
  }

  @Override
  public void update(String step, long done, long total) {
    long now = System.nanoTime();
    boolean finished = total > 0 && done >= total;
    if (!step.equals(lastStep) || finished || now - last >= INTERVAL_NANOS) {
      if (now - last >= INTERVAL_NANOS || finished) {
        err.printf("gpu-probe: %s: %d/%d%n", step, done, total);
      }
      last = now;
      lastStep = step;
    }
  }

  @Override
  public boolean cancelled() {
    return cancel.cancelled();
  }
}
