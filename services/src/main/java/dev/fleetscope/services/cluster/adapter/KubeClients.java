package dev.fleetscope.services.cluster.adapter;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Where the console's Kubernetes clients come from ({@link #build}), clients derived from a user's
 * client, and the API server paths they read through. A derived client keeps the user's
 * configuration (credentials, token refresh, TLS) and changes only how it retries, for callers that
 * bound their own time: scrapes through the pod proxy, Prometheus through the service proxy.
 */
public final class KubeClients {
  /**
   * One serializer for every client: each of its Jackson mappers otherwise introspects the
   * Kubernetes model on its own (on the large demo fleet, 80 clients held about 90,000 reflected
   * methods of it).
   */
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KubeClients() {}

  /**
   * A client for {@code config}. All the console's clients share one serializer, where each would
   * otherwise build its own (a console on 10 contexts had 80 clients). Each client still starts its
   * own Vert.x: sharing one (fewer threads) was tried, and one end-to-end run then failed once with
   * a connection closed through the service proxy, so it waits until that is understood.
   */
  public static KubernetesClient build(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withKubernetesSerialization(SERIALIZATION)
        .build();
  }

  /**
   * A new client with the configuration of {@code client}, retrying a failed request at most {@code
   * retries} times, {@code intervalMillis} apart, instead of the client's backoff.
   */
  public static KubernetesClient withRetries(
      KubernetesClient client, int retries, int intervalMillis) {
    return build(
        new ConfigBuilder(client.getConfiguration())
            .withRequestRetryBackoffLimit(retries)
            .withRequestRetryBackoffInterval(intervalMillis)
            .build());
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
