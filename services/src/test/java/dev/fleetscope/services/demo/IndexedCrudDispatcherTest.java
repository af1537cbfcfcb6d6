package dev.fleetscope.services.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo API server's name index (ADR 0023) through a real fabric8 client: named reads, patches,
 * deletes and creates give what the mock's own scan gives.
 */
class IndexedCrudDispatcherTest {
  DemoApiServer server;
  KubernetesClient client;

  @BeforeEach
  void start() {
    server = new DemoApiServer((pod, lines) -> List.of(), pod -> Optional.empty());
    client = server.client();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Pod pod(String namespace, String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels("app", "vllm")
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .endSpec()
        .build();
  }

  @Test
  void namedReadsPatchesDeletesAndCreatesBehaveAsTheMocksScan() {
    for (int i = 0; i < 50; i++) {
      client.pods().inNamespace("a").resource(pod("a", "p" + i, "n" + i)).create();
    }
    // The same name in another namespace is another object.
    client.pods().inNamespace("b").resource(pod("b", "p7", "other")).create();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build())
        .create();

    long before = server.answeredByIndex();
    assertThat(client.pods().inNamespace("a").withName("p7").get().getSpec().getNodeName())
        .isEqualTo("n7");
    assertThat(client.pods().inNamespace("b").withName("p7").get().getSpec().getNodeName())
        .isEqualTo("other");
    assertThat(client.namespaces().withName("a").get()).isNotNull();
    assertThat(client.pods().inNamespace("a").withName("missing").get()).isNull();

    // A patch is found through the index and the patched state is what the next read sees.
    client
        .pods()
        .inNamespace("a")
        .withName("p7")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"phase\":\"Running\"}}]");
    assertThat(client.pods().inNamespace("a").withName("p7").get().getStatus().getPhase())
        .isEqualTo("Running");
    assertThat(client.pods().inNamespace("b").withName("p7").get().getStatus()).isNull();

    // Creating a name that exists is a conflict; after a delete the name is free again.
    assertThatThrownBy(
            () -> client.pods().inNamespace("a").resource(pod("a", "p7", "again")).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
    client.pods().inNamespace("a").withName("p7").delete();
    assertThat(client.pods().inNamespace("a").withName("p7").get()).isNull();
    client.pods().inNamespace("a").resource(pod("a", "p7", "again")).create();
    assertThat(client.pods().inNamespace("a").withName("p7").get().getSpec().getNodeName())
        .isEqualTo("again");

    // Found by the index: 6 reads, the patch's read and write, the conflict and the create
    // (a miss it may answer because every stored object is indexed). Misses of a read go to
    // the scan.
    assertThat(server.answeredByIndex() - before).isGreaterThanOrEqualTo(10);

    // Lists and label selectors are still the mock's.
    assertThat(client.pods().inNamespace("a").list().getItems()).hasSize(50);
    assertThat(client.pods().inAnyNamespace().withLabel("app", "vllm").list().getItems())
        .hasSize(51);
  }

  @Test
  void theIndexKeyNamesResourceNamespaceAndName() {
    var extractor = new io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor();
    assertThat(IndexedCrudDispatcher.nameKey(extractor.fromPath("/api/v1/namespaces/a/pods/p7")))
        .isEqualTo("pods/a/p7");
    assertThat(IndexedCrudDispatcher.nameKey(extractor.fromPath("/api/v1/namespaces/a")))
        .isEqualTo("namespaces//a");
    assertThat(IndexedCrudDispatcher.nameKey(extractor.fromPath("/api/v1/namespaces/a/pods")))
        .isNull();
    assertThat(IndexedCrudDispatcher.nameKey(extractor.extract(pod("a", "p7", "n"))))
        .isEqualTo("pods/a/p7");
  }
}
