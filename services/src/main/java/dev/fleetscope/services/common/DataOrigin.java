package dev.fleetscope.services.common;

/**
 * Where a datum came from. Every panel shows this next to its data so that an on-call engineer
 * never mistakes simulated, recorded or modelled numbers for live measurements.
 */
public enum DataOrigin {
  CLUSTER("Kubernetes API"),
  PROMETHEUS("Prometheus"),
  DIRECT_SCRAPE("direct /metrics scrape"),
  DEMO("DEMO fleet (simulated)"),
  RECORDED("recording"),
  MODEL("model"),
  MEASURED("measured");

  private final String label;

  DataOrigin(String label) {
    this.label = label;
  }

  /** A short human label, for status bars and panel footers. */
  public String label() {
    return label;
  }
}
