package dev.fleetscope.services.slo;

/** Where an SLO stands against its alert policy, worst first. */
public enum AlertState {
  /** A page rule fires: the budget burns fast enough to wake someone. */
  PAGE("page"),
  /** A ticket rule fires: slow burn, look at it in working hours. */
  TICKET("ticket"),
  /** A rule's burn rates are over threshold but its long window saw too few events to trust. */
  LOW_TRAFFIC("low traffic"),
  /** No rule fires. */
  OK("ok"),
  /** No events at all over the SLO window: nothing to judge. */
  NO_DATA("no data");

  private final String label;

  AlertState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
