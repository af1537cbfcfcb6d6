package dev.fleetscope.probe;

/** The user cancelled a probe step; everything it allocated has been freed. */
public final class ProbeCancelledException extends ProbeException {
  private static final long serialVersionUID = 1L;

  public ProbeCancelledException() {
    super("cancelled; everything the probe allocated was freed");
  }
}
