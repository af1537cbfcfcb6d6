package dev.fleetscope.probe;

/** No CUDA driver, or no device: the probe cannot measure on this host (the model still works). */
public final class ProbeUnavailableException extends ProbeException {
  private static final long serialVersionUID = 1L;

  public ProbeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
