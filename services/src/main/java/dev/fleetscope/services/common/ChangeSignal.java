package dev.fleetscope.services.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A "something changed" signal that sources fire from any thread. Listeners only mark themselves
 * dirty and pull the latest immutable snapshot later, so a burst of events costs one redraw.
 */
public final class ChangeSignal {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSignal.class);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public Subscription subscribe(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public void fire() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.error("change listener failed", e);
      }
    }
  }

  public int listenerCount() {
    return listeners.size();
  }
}
