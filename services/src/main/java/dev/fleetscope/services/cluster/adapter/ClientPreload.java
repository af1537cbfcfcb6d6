package dev.fleetscope.services.cluster.adapter;

import dev.fleetscope.services.cluster.KubeconfigException;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the Kubernetes client library before the first connect needs it: the kubeconfig parser, a
 * client (Vert.x, the HTTP client, TLS) and the model's deserializers for the kinds the console
 * lists. Nothing is contacted: the sample context names an address no request is sent to. In a JVM
 * that has not used them yet these cost about a second of one core (0.4 s for the first kubeconfig,
 * 0.4 s for the first client, then the first listings), which a user would otherwise wait for on
 * their first connect (ADR 0024).
 */
public final class ClientPreload {
  private static final Logger LOG = LoggerFactory.getLogger(ClientPreload.class);

  private static final String KUBECONFIG =
      String.join(
          "\n",
          "apiVersion: v1",
          "kind: Config",
          "current-context: preload",
          "clusters:",
          "- name: preload",
          "  cluster:",
          "    server: https://127.0.0.1:9",
          "contexts:",
          "- name: preload",
          "  context:",
          "    cluster: preload",
          "    user: preload",
          "    namespace: default",
          "users:",
          "- name: preload",
          "  user:",
          "    token: not-a-credential",
          "");

  private static final String POD =
      "{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\",\"labels\":{\"app\":\"a\"},"
          + "\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"ownerReferences\":[{\"kind\":"
          + "\"ReplicaSet\",\"name\":\"r\",\"uid\":\"u\",\"apiVersion\":\"apps/v1\"}]},"
          + "\"spec\":{\"nodeName\":\"x\",\"containers\":[{\"name\":\"c\",\"image\":\"i\","
          + "\"resources\":{\"requests\":{\"nvidia.com/gpu\":\"1\",\"cpu\":\"2\"},\"limits\":"
          + "{\"nvidia.com/gpu\":\"1\"}},\"ports\":[{\"containerPort\":8000}],\"env\":[{\"name\":"
          + "\"E\",\"value\":\"v\"}]}],\"tolerations\":[{\"key\":\"k\",\"operator\":\"Exists\"}]},"
          + "\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":"
          + "\"True\"}],\"containerStatuses\":[{\"name\":\"c\",\"ready\":true,\"restartCount\":1,"
          + "\"state\":{\"running\":{\"startedAt\":\"2026-01-01T00:00:00Z\"}},\"lastState\":"
          + "{\"terminated\":{\"reason\":\"OOMKilled\",\"exitCode\":137}}}]}}";

  private static final String NODE =
      "{\"metadata\":{\"name\":\"x\",\"labels\":{\"nvidia.com/gpu.product\":\"G\"}},"
          + "\"spec\":{\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]},\"status\":"
          + "{\"allocatable\":{\"nvidia.com/gpu\":\"8\"},\"capacity\":{\"nvidia.com/gpu\":\"8\"},"
          + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";

  private static final String DEPLOYMENT =
      "{\"metadata\":{\"name\":\"d\",\"namespace\":\"n\"},\"spec\":{\"replicas\":2,\"template\":"
          + "{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}},\"status\":"
          + "{\"readyReplicas\":2,\"replicas\":2}}";

  private ClientPreload() {}

  /** Loads what a first connect needs; any failure only means the connect loads it itself. */
  public static void run() {
    long t0 = System.nanoTime();
    Path file = null;
    try {
      file = Files.createTempFile("fleetscope-preload", ".yaml");
      Files.writeString(file, KUBECONFIG);
      KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(file));
      try (KubernetesClient client = KubeClients.build(catalog.clientConfig("preload"))) {
        client.pods().inAnyNamespace(); // builds the operation; sends nothing
      }
      KubeClients.SERIALIZATION.unmarshal(list("PodList", POD), PodList.class);
      KubeClients.SERIALIZATION.unmarshal(list("NodeList", NODE), NodeList.class);
      KubeClients.SERIALIZATION.unmarshal(list("DeploymentList", DEPLOYMENT), DeploymentList.class);
      LOG.debug("Kubernetes client preloaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException | KubeconfigException | RuntimeException e) {
      LOG.debug("Kubernetes client preload skipped: {}", e.toString());
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.debug("preload file left behind: {}", file);
        }
      }
    }
  }

  private static String list(String kind, String item) {
    return "{\"kind\":\""
        + kind
        + "\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":"
        + "\"1\"},\"items\":["
        + item
        + "]}";
  }
}
