package dev.fleetscope.services.slo;

import java.util.Map;
import java.util.stream.Collectors;

/** One SLO (or one group of a grouped SLO) judged. */
public record SloResult(SloSpec spec, Map<String, String> group, SloStatus status) {
  public SloResult {
    group = Map.copyOf(group);
  }

  /** The SLO's name with its group, e.g. {@code ttft-p95 {model_name="llama"}}. */
  public String title() {
    if (group.isEmpty()) {
      return spec.name();
    }
    return spec.name()
        + group.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", " {", "}"));
  }
}
