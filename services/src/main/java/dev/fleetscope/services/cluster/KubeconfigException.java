package dev.fleetscope.services.cluster;

/** A kubeconfig that cannot be used; the message names the file, line or field, and the cause. */
public final class KubeconfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public KubeconfigException(String message) {
    super(message);
  }

  public KubeconfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
