package dev.fleetscope.app.bench;

import java.util.Arrays;
import javafx.animation.AnimationTimer;

/** Records the time between consecutive JavaFX pulses: long gaps are what users feel as jank. */
final class PulseGaps {
  private final long[] gapsNanos;
  private int count;
  private long last = -1;
  private final AnimationTimer timer =
      new AnimationTimer() {
        @Override
        public void handle(long now) {
          if (last >= 0 && count < gapsNanos.length) {
            gapsNanos[count++] = now - last;
          }
          last = now;
        }
      };

  PulseGaps(int capacity) {
    gapsNanos = new long[capacity];
  }

  void start() {
    timer.start();
  }

  void stop() {
    timer.stop();
  }

  int count() {
    return count;
  }

  /** The q-quantile of the recorded gaps, in milliseconds. */
  double quantileMillis(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(gapsNanos, count);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(q * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
  }
}
