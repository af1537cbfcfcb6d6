package dev.fleetscope.services.rollout.judge;

/** Where a canary metric lands against the stable one (Kayenta's classes). */
public enum Classification {
  /** No significant shift beyond the tolerance band. */
  PASS,
  /** Significantly higher on the canary. */
  HIGH,
  /** Significantly lower on the canary. */
  LOW,
  /** Too few points on one side to judge. */
  NO_DATA
}
