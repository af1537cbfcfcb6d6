package dev.fleetscope.services.slo;

import java.time.Duration;
import java.util.Map;

/**
 * One service level objective, whatever format it was written in.
 *
 * @param cluster the kube context it was read from, or empty for a file
 * @param namespace the object's namespace, or empty
 * @param source the format ("Pyrra", "Sloth", "OpenSLO", "Fleetscope")
 * @param origin where it was read, for messages: {@code file.yaml:12} or {@code ctx ns/name}
 * @param objective the good share to reach, e.g. 0.995
 * @param labels the object's labels, used by the SLO list filter and for version splits
 */
public record SloSpec(
    String cluster,
    String namespace,
    String name,
    String source,
    String origin,
    String description,
    double objective,
    Duration window,
    Indicator indicator,
    Map<String, String> labels) {

  public SloSpec {
    labels = Map.copyOf(labels);
    if (!(objective > 0 && objective < 1)) {
      throw new IllegalArgumentException(
          origin + ": objective must be between 0 and 100 percent: " + objective);
    }
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException(origin + ": window must be positive: " + window);
    }
  }

  /** cluster/namespace/name, unique within a fleet. */
  public String key() {
    return cluster + "/" + namespace + "/" + name;
  }

  public SloSpec withIndicator(Indicator i) {
    return new SloSpec(
        cluster, namespace, name, source, origin, description, objective, window, i, labels);
  }
}
