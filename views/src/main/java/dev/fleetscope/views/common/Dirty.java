package dev.fleetscope.views.common;

import java.util.concurrent.atomic.AtomicBoolean;

/** A dirty flag set from any thread and consumed once on the FX thread. */
public final class Dirty {
  private final AtomicBoolean flag = new AtomicBoolean(true);

  public void mark() {
    flag.set(true);
  }

  /** True once after one or more marks. */
  public boolean consume() {
    return flag.getAndSet(false);
  }
}
