package dev.fleetscope.services.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One round of reading every replica's metrics.
 *
 * @param failures replicas whose page could not be read, with the reason (the others are fine)
 * @param problems what kept whole groups of replicas out (no access to {@code pods/proxy} in a
 *     namespace, a Prometheus error)
 */
public record ScrapeRound(
    Instant at,
    List<ReplicaScrape> scrapes,
    Map<ReplicaKey, String> failures,
    List<String> problems) {
  public ScrapeRound {
    scrapes = List.copyOf(scrapes);
    failures = Map.copyOf(failures);
    problems = List.copyOf(problems);
  }
}
