package dev.fleetscope.services.metrics.adapter;

import java.io.InputStream;

/**
 * How a request reaches Prometheus: directly by URL, or through a Kubernetes API server's service
 * proxy. A transport sends one request; retries, decoding and error bodies are the client's.
 */
interface PromTransport {

  /** The answer: status, the two headers the client reads, and the body as it streams in. */
  record Reply(int status, String contentType, String contentEncoding, InputStream body) {}

  /**
   * Sends one request.
   *
   * @param path the API path with its query string, e.g. {@code /api/v1/query}
   * @param form a form-encoded body to POST, or null for a GET
   * @throws dev.fleetscope.services.metrics.PrometheusException when no answer came back
   */
  Reply send(String path, String form);

  /** Where requests go, for messages (never with credentials). */
  String describe();

  /** Releases what the transport holds. */
  default void close() {}
}
