package dev.fleetscope.services.slo;

import java.time.Duration;

/**
 * One multiwindow burn-rate alert: it fires when the error budget burns faster than {@code factor}
 * times the sustainable rate over both the long and the short window. The short window makes the
 * alert reset soon after the burning stops.
 */
public record BurnRule(
    Severity severity, double factor, Duration longWindow, Duration shortWindow) {

  /** Page a human now, or open a ticket for working hours. */
  public enum Severity {
    PAGE,
    TICKET
  }

  public BurnRule {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("burn-rate factor must be positive: " + factor);
    }
    if (shortWindow.compareTo(longWindow) >= 0) {
      throw new IllegalArgumentException("short window must be shorter than the long window");
    }
  }
}
