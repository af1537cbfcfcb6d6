package dev.fleetscope.services.metrics;

import java.util.List;

/**
 * A successful Prometheus answer with the warnings (and, from Prometheus 3, infos) it came with;
 * panels show them, since a warning often means the numbers are partial.
 */
public record PromResult<T>(T data, List<String> warnings) {
  public PromResult {
    warnings = List.copyOf(warnings);
  }
}
