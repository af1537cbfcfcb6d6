package dev.fleetscope.services.common;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** A UTC clock that reads its instant from elsewhere, e.g. the demo simulator's own time. */
public final class SuppliedClock extends Clock {
  private final Supplier<Instant> time;

  public SuppliedClock(Supplier<Instant> time) {
    this.time = time;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return time.get();
  }
}
