package dev.fleetscope.services.cluster.adapter;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Clients derived from a user's client, and the API server paths they read through. The derived
 * client keeps the user's configuration (credentials, token refresh, TLS) and changes only how it
 * retries, for callers that bound their own time: scrapes through the pod proxy, Prometheus through
 * the service proxy.
 */
public final class KubeClients {
  private KubeClients() {}

  /**
   * A new client with the configuration of {@code client}, retrying a failed request at most {@code
   * retries} times, {@code intervalMillis} apart, instead of the client's backoff.
   */
  public static KubernetesClient withRetries(
      KubernetesClient client, int retries, int intervalMillis) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(retries)
                .withRequestRetryBackoffInterval(intervalMillis)
                .build())
        .build();
  }

  /**
   * The API server's proxy to one port of a pod: {@code .../api/v1/namespaces/NS/pods/POD:PORT/
   * proxy/PATH}.
   */
  public static String podProxyUrl(
      KubernetesClient client, String namespace, String pod, int port, String path) {
    String master = client.getMasterUrl().toString();
    if (!master.endsWith("/")) {
      master += "/";
    }
    return master
        + "api/v1/namespaces/"
        + namespace
        + "/pods/"
        + pod
        + ":"
        + port
        + "/proxy/"
        + (path.startsWith("/") ? path.substring(1) : path);
  }
}
