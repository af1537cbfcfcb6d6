package dev.fleetscope.services.rollout;

import java.util.List;
import java.util.Map;

/**
 * Reads a Flagger Canary ({@code flagger.app/v1beta1}) from its parsed JSON: {@code status.phase},
 * {@code canaryWeight}, {@code failedChecks}, {@code iterations}, the {@code Promoted} condition's
 * message, and from the spec the target and {@code analysis.threshold}.
 */
public final class FlaggerReader {
  private FlaggerReader() {}

  public static WatchedRelease canary(String context, Map<String, Object> object) {
    Map<String, Object> meta = RolloutReader.map(object, "metadata");
    Map<String, Object> spec = RolloutReader.map(object, "spec");
    Map<String, Object> status = RolloutReader.map(object, "status");
    Map<String, Object> target = RolloutReader.map(spec, "targetRef");
    Map<String, Object> analysis = RolloutReader.map(spec, "analysis");
    String targetName = RolloutReader.string(target, "name");
    String kind = RolloutReader.string(target, "kind");
    String detail =
        targetName == null
            ? "no target"
            : (kind == null ? "" : kind + " ") + targetName + " against " + targetName + "-primary";
    String message = "";
    List<Object> conditions = RolloutReader.list(status, "conditions");
    for (Object o : conditions) {
      if (o instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) m;
        if ("Promoted".equals(c.get("type")) && c.get("message") != null) {
          message = c.get("message").toString();
        }
      }
    }
    String phase = RolloutReader.string(status, "phase");
    return new WatchedRelease(
        context,
        RolloutReader.string(meta, "namespace"),
        RolloutReader.string(meta, "name"),
        WatchedRelease.Source.FLAGGER,
        phase == null ? "Unknown" : phase,
        RolloutReader.integer(status, "canaryWeight", 0),
        RolloutReader.integer(status, "failedChecks", 0),
        RolloutReader.integer(analysis, "threshold", -1),
        RolloutReader.integer(status, "iterations", 0),
        detail,
        message,
        RolloutReader.instant(status, "lastTransitionTime"));
  }
}
