package dev.fleetscope.services.batch.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.batch.BatchJob;
import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.QueueScan;
import dev.fleetscope.services.batch.Scheduler;
import dev.fleetscope.services.demo.DemoQueues;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class BatchQueueReaderTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  KubernetesClient client;

  @Test
  void kueueV1beta2QueuesAndWhyWorkloadsWait() {
    DemoQueues.install(client, DemoQueues.of("demo-us-east", NOW));
    QueueScan scan = BatchQueueReader.read("c1", client);
    // The requests run at once on a pool and read the same as one after another.
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newCachedThreadPool();
    try {
      assertThat(BatchQueueReader.read("c1", client, pool)).isEqualTo(scan);
    } finally {
      pool.shutdown();
    }
    assertThat(scan.kueueVersion()).isEqualTo("v1beta2");
    assertThat(scan.volcano()).isFalse();
    assertThat(scan.problems()).isEmpty();
    BatchQueue ft = queue(scan, "ClusterQueue", "fine-tuning");
    assertThat(ft.parent()).isEqualTo("ml-platform"); // spec.cohortName
    assertThat(ft.gpuNominal()).isEqualTo(16);
    assertThat(ft.gpuBorrowLimit()).isEqualTo(8);
    assertThat(ft.gpuUsed()).isEqualTo(12); // 2 pods x 4 + 1 x 4
    assertThat(ft.pending()).isEqualTo(2);
    assertThat(ft.admitted()).isEqualTo(2);
    assertThat(ft.state()).isEqualTo("Active");
    assertThat(ft.flavors()).isEqualTo("h100-80gb");
    BatchQueue local = queue(scan, "LocalQueue", "ft-queue");
    assertThat(local.namespace()).isEqualTo("ml-training");
    assertThat(local.parent()).isEqualTo("fine-tuning");
    assertThat(local.gpuUsed()).isEqualTo(12); // status.flavorsUsage in v1beta2
    BatchJob dpo = job(scan, "ft-llama-3-1-70b-dpo");
    assertThat(dpo.state()).isEqualTo(BatchJob.State.PENDING);
    assertThat(dpo.gpus()).isEqualTo(8);
    assertThat(dpo.queue()).isEqualTo("ft-queue");
    assertThat(dpo.reason()).isEqualTo("Pending");
    assertThat(dpo.message())
        .contains("insufficient unused quota for nvidia.com/gpu", "4 more needed");
    BatchJob preempted = job(scan, "sweep-lr-warmup-17");
    assertThat(preempted.state()).isEqualTo(BatchJob.State.PREEMPTED);
    assertThat(preempted.reason()).isEqualTo("InCohortReclamation");
    BatchJob admitted = job(scan, "ft-llama-3-1-70b-lora");
    assertThat(admitted.state()).isEqualTo(BatchJob.State.ADMITTED);
    assertThat(admitted.clusterQueue()).isEqualTo("fine-tuning");
    assertThat(admitted.reason()).isEmpty();
  }

  @Test
  void kueueV1beta1FieldNamesAndVolcanoQueuesAndPodGroups() {
    DemoQueues.install(client, DemoQueues.of("demo-eu-west", NOW));
    QueueScan scan = BatchQueueReader.read("c2", client);
    assertThat(scan.kueueVersion()).isEqualTo("v1beta1");
    assertThat(scan.volcano()).isTrue();
    BatchQueue cq = queue(scan, "ClusterQueue", "team-eu");
    assertThat(cq.parent()).isEqualTo("eu-pool"); // spec.cohort
    assertThat(cq.gpuBorrowLimit()).isNaN();
    assertThat(queue(scan, "LocalQueue", "eu-train").gpuUsed()).isEqualTo(4); // flavorUsage
    BatchQueue training = queue(scan, "Queue", "training");
    assertThat(training.scheduler()).isEqualTo(Scheduler.VOLCANO);
    assertThat(training.state()).isEqualTo("Open");
    assertThat(training.pending()).isEqualTo(1);
    assertThat(training.admitted()).isEqualTo(1);
    assertThat(training.gpuNominal()).isEqualTo(16);
    assertThat(training.gpuUsed()).isEqualTo(8);
    BatchJob gang = job(scan, "mpi-pretrain-1b");
    assertThat(gang.scheduler()).isEqualTo(Scheduler.VOLCANO);
    assertThat(gang.state()).isEqualTo(BatchJob.State.PENDING);
    assertThat(gang.reason()).isEqualTo("NotEnoughResources");
    assertThat(gang.gpus()).isEqualTo(16);
    assertThat(job(scan, "mpi-pretrain-350m").state()).isEqualTo(BatchJob.State.RUNNING);
  }

  @Test
  void aClusterWithoutSchedulersSaysSo() {
    QueueScan scan = BatchQueueReader.read("bare", client);
    assertThat(scan.anyScheduler()).isFalse();
    assertThat(scan.queues()).isEmpty();
    assertThat(scan.problems()).isEmpty();
  }

  @Test
  void aMalformedQueueIsAProblemNamingItAndTheOthersStillShow() {
    DemoQueues.install(client, DemoQueues.of("demo-us-east", NOW));
    GenericKubernetesResource bad =
        Serialization.unmarshal(
            Serialization.asJson(
                Map.of(
                    "apiVersion",
                    "kueue.x-k8s.io/v1beta2",
                    "kind",
                    "ClusterQueue",
                    "metadata",
                    Map.of("name", "broken"),
                    "spec",
                    Map.of(
                        "resourceGroups",
                        List.of(
                            Map.of(
                                "flavors",
                                List.of(
                                    Map.of(
                                        "name",
                                        "h100-80gb",
                                        "resources",
                                        List.of(
                                            Map.of(
                                                "name", "nvidia.com/gpu",
                                                "nominalQuota", "lots"))))))))),
            GenericKubernetesResource.class);
    client
        .genericKubernetesResources(BatchQueueReader.kueue("v1beta2", "ClusterQueue", false))
        .resource(bad)
        .create();
    QueueScan scan = BatchQueueReader.read("c1", client);
    assertThat(scan.problems())
        .containsExactly("c1: ClusterQueue broken: nominalQuota 'lots' is not a quantity");
    assertThat(scan.queues()).filteredOn(q -> q.kind().equals("ClusterQueue")).hasSize(3);
  }

  private static BatchQueue queue(QueueScan scan, String kind, String name) {
    return scan.queues().stream()
        .filter(q -> q.kind().equals(kind) && q.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + scan.queues()));
  }

  private static BatchJob job(QueueScan scan, String name) {
    return scan.jobs().stream()
        .filter(j -> j.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no job " + name));
  }
}
