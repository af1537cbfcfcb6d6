package dev.fleetscope.services.metrics.exposition;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample of a metrics page: its name, its labels as alternating names and values (in page
 * order, unescaped) and its value.
 */
public record MetricSample(String name, String[] labels, double value) {

  /** The value of label {@code key}, or the empty string when absent (as Prometheus treats it). */
  public String label(String key) {
    for (int i = 0; i + 1 < labels.length; i += 2) {
      if (labels[i].equals(key)) {
        return labels[i + 1];
      }
    }
    return "";
  }

  public Map<String, String> labelMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricSample s
        && s.name.equals(name)
        && Arrays.equals(s.labels, labels)
        && Double.compare(s.value, value) == 0;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return name + labelMap() + " " + value;
  }
}
