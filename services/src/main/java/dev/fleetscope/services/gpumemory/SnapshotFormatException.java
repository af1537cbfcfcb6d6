package dev.fleetscope.services.gpumemory;

/** A file that is not a readable PyTorch memory snapshot; the message says which and why. */
public final class SnapshotFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SnapshotFormatException(String message) {
    super(message);
  }

  public SnapshotFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
