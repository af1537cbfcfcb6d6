package dev.fleetscope.services.metrics;

/**
 * A Prometheus request that did not give data, sorted by what the user can do about it. For a query
 * Prometheus rejected, {@link #errorType()} and {@link #getMessage()} carry Prometheus's own {@code
 * errorType} and {@code error} text, so a bad PromQL reads exactly as Prometheus put it.
 */
public final class PrometheusException extends RuntimeException {

  /** Why no data came back. */
  public enum Kind {
    /** Prometheus rejected the request: bad PromQL, bad parameters (HTTP 400/422). */
    BAD_REQUEST,
    /** Credentials missing or refused (HTTP 401/403). */
    UNAUTHORIZED,
    /** No answer within the timeout, or Prometheus's own query timeout (HTTP 503 timeout). */
    TIMEOUT,
    /** Could not connect, TLS failed, or the server answered 5xx. */
    UNAVAILABLE,
    /** The answer was not a Prometheus API response. */
    BAD_RESPONSE
  }

  private final Kind kind;
  private final String errorType;
  private final int httpStatus;

  public PrometheusException(
      Kind kind, String errorType, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.errorType = errorType == null ? "" : errorType;
    this.httpStatus = httpStatus;
  }

  public PrometheusException(Kind kind, String message) {
    this(kind, "", 0, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** Prometheus's {@code errorType} (bad_data, timeout, execution, ...), or empty. */
  public String errorType() {
    return errorType;
  }

  /** The HTTP status, or 0 when no response came. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Worth retrying at once: the server may answer next time. Timeouts are not, since a query that
   * ran out of time would only load the server again for as long.
   */
  public boolean transientFailure() {
    return kind == Kind.UNAVAILABLE;
  }
}
