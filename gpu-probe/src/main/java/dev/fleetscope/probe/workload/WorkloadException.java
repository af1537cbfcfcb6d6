package dev.fleetscope.probe.workload;

/** A workload that cannot be used; the message names the file, line and field. */
public final class WorkloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WorkloadException(String message) {
    super(message);
  }
}
