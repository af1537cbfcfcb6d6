package dev.fleetscope.services.metrics;

import java.util.Map;

/** One element of an instant vector: a series' labels and its value at the query time. */
public record PromSample(Map<String, String> labels, long timeMillis, double value) {
  public PromSample {
    labels = Map.copyOf(labels);
  }
}
