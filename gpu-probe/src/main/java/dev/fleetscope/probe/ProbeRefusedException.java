package dev.fleetscope.probe;

/** The probe refused to start a step that would not fit in the device's free memory. */
public final class ProbeRefusedException extends ProbeException {
  private static final long serialVersionUID = 1L;

  public ProbeRefusedException(String message) {
    super(message);
  }
}
