package dev.fleetscope.probe;

/**
 * Progress of a long probe step, and its cancellation. {@link #cancelled()} is polled between CUDA
 * calls; a cancelled step stops, frees what it allocated and throws {@link
 * ProbeCancelledException}.
 */
public interface Progress {
  Progress NONE =
      new Progress() {
        @Override
        public void update(String step, long done, long total) {}

        @Override
        public boolean cancelled() {
          return false;
        }
      };

  void update(String step, long done, long total);

  boolean cancelled();

  /** Throws when cancelled or interrupted. */
  default void check() {
    if (cancelled() || Thread.currentThread().isInterrupted()) {
      throw new ProbeCancelledException();
    }
  }
}
