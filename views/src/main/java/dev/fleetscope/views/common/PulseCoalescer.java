package dev.fleetscope.views.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.animation.AnimationTimer;

/**
 * Drains view-model updates once per JavaFX pulse. Sources only set dirty flags from their own
 * threads; each registered drain checks its flag here, on the FX thread, so a burst of thousands of
 * events costs at most one update per frame and never one {@code Platform.runLater} each.
 */
public final class PulseCoalescer {
  private final List<Runnable> drains = new CopyOnWriteArrayList<>();
  private final AnimationTimer timer =
      new AnimationTimer() {
        @Override
        public void handle(long now) {
          for (Runnable drain : drains) {
            drain.run();
          }
        }
      };

  public void start() {
    timer.start();
  }

  public void stop() {
    timer.stop();
  }

  /** Registers a drain; the returned handle removes it (sections do this when closed). */
  public Runnable register(Runnable drain) {
    drains.add(drain);
    return () -> drains.remove(drain);
  }

  public int size() {
    return drains.size();
  }
}
