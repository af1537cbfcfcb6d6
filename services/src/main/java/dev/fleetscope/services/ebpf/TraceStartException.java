package dev.fleetscope.services.ebpf;

/** A trace that cannot start; the message says why, for people, and what would fix it. */
public final class TraceStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public TraceStartException(String message) {
    super(message);
  }

  public TraceStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
