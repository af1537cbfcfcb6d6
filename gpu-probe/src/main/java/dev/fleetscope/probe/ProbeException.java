package dev.fleetscope.probe;

/** A probe step failed; the message says which and why, in words a person can act on. */
public class ProbeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProbeException(String message) {
    super(message);
  }

  public ProbeException(String message, Throwable cause) {
    super(message, cause);
  }
}
