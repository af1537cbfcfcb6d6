package dev.fleetscope.probe.result;

/** A result JSON that cannot be read; the message names the file and the field. */
public final class ResultFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ResultFormatException(String message) {
    super(message);
  }
}
