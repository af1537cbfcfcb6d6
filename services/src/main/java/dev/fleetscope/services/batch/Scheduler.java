package dev.fleetscope.services.batch;

/** The cluster batch schedulers Fleetscope reads queues from. */
public enum Scheduler {
  KUEUE("Kueue"),
  VOLCANO("Volcano");

  private final String label;

  Scheduler(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }
}
