package dev.fleetscope.services.cluster;

import java.time.Instant;

/**
 * The health of one cluster connection.
 *
 * @param context kubeconfig context name
 * @param server API server URL (no credentials)
 * @param state connection state
 * @param cause human-readable cause when not LIVE (names the context and what failed), else empty
 * @param apiLatencyMillis round trip of the last successful probe, or -1 when none succeeded
 * @param lastContact when the API last answered, or null if never
 * @param tlsVerified false when the kubeconfig turns TLS verification off (the UI warns)
 */
public record ClusterStatus(
    String context,
    String server,
    ConnectionState state,
    String cause,
    long apiLatencyMillis,
    Instant lastContact,
    boolean tlsVerified) {

  public static ClusterStatus connecting(String context, String server, boolean tlsVerified) {
    return new ClusterStatus(
        context, server, ConnectionState.CONNECTING, "", -1, null, tlsVerified);
  }
}
