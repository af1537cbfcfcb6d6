package dev.fleetscope.services.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the batch section shows at one moment.
 *
 * @param replicaSource where replica metrics come from, in words (the pod proxy of which clusters,
 *     or which Prometheus)
 * @param failures replicas whose last scrape failed, with why
 * @param queues one scan per cluster (empty before the first scan)
 * @param problems what kept whole sources out (no access, Prometheus down)
 * @param read whether both replicas and queues have been read at least once
 */
public record BatchBoard(
    Instant at,
    String replicaSource,
    List<ReplicaState> replicas,
    Map<ReplicaKey, String> failures,
    List<QueueScan> queues,
    List<String> problems,
    boolean read) {
  public BatchBoard {
    replicas = List.copyOf(replicas);
    failures = Map.copyOf(failures);
    queues = List.copyOf(queues);
    problems = List.copyOf(problems);
  }

  public static BatchBoard empty(String source) {
    return new BatchBoard(null, source, List.of(), Map.of(), List.of(), List.of(), false);
  }
}
