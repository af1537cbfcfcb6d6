package dev.fleetscope.services.ebpf;

/** A line of a trace stream that is not a bpftrace JSON record; the message says why. */
public final class TraceFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public TraceFormatException(String message) {
    super(message);
  }
}
