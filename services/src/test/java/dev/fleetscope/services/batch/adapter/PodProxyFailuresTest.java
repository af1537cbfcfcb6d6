package dev.fleetscope.services.batch.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.batch.ReplicaKey;
import dev.fleetscope.services.batch.ScrapeRound;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PodProxyFailuresTest {
  KubernetesClient client;
  KubernetesMockServer server;

  private void servingPod(String name, String image) {
    Pod p =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("serving")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("server")
            .withImage(image)
            .withArgs("--model", "org/" + name)
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    client.pods().inNamespace("serving").resource(p).create();
  }

  @Test
  void aMalformedPageFailsThatReplicaOnlyWithItsLineAndAnUnreachableOneSaysSo() {
    servingPod("good", "vllm/vllm-openai:v0.8.0");
    servingPod("bad", "lmsysorg/sglang:v0.4");
    servingPod("gone", "ghcr.io/huggingface/text-generation-inference:3.0");
    servingPod("not-serving", "redis:7");
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/serving/pods/good:8000/proxy/metrics")
        .andReturn(
            200,
            "vllm:num_requests_running{model_name=\"m\"} 3\nvllm:num_requests_waiting{model_name=\"m\"} 0\n")
        .always();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/serving/pods/bad:30000/proxy/metrics")
        .andReturn(
            200,
            "sglang:num_running_reqs{model_name=\"m\"} 3\nsglang:num_queue_reqs{model_name=\"m\" 1\n")
        .always();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/serving/pods/gone:80/proxy/metrics")
        .andReturn(
            503, "error trying to reach service: dial tcp 10.0.0.9:80: connect: connection refused")
        .always();
    ScrapeRound r = new PodMetricsScraper("c1", client, Clock.systemUTC()).scrape();
    assertThat(r.scrapes())
        .singleElement()
        .satisfies(s -> assertThat(s.key().pod()).isEqualTo("good"));
    assertThat(r.failures())
        .containsEntry(
            new ReplicaKey("c1", "serving", "bad"),
            "pod serving/bad /metrics line 2: expected ',' or '}' after label model_name:"
                + " 'sglang:num_queue_reqs{model_name=\"m\" 1'")
        .containsEntry(new ReplicaKey("c1", "serving", "gone"), "HTTP 503 from the pod proxy")
        .hasSize(2);
    assertThat(r.problems()).isEmpty();
  }
}
