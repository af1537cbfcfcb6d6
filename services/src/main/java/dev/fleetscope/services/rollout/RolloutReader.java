package dev.fleetscope.services.rollout;

import dev.fleetscope.services.common.KubeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Argo Rollouts objects (Rollout, AnalysisRun) from their JSON fields as maps, the way a
 * generic Kubernetes client returns them: no generated model, so any version of the CRD reads, and
 * a field the console does not know is ignored rather than fatal.
 */
public final class RolloutReader {
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private RolloutReader() {}

  public static Rollout rollout(String context, Map<String, Object> object) {
    Map<String, Object> meta = map(object, "metadata");
    Map<String, Object> spec = map(object, "spec");
    Map<String, Object> status = map(object, "status");
    Map<String, Object> strategyMap = map(spec, "strategy");
    Rollout.Strategy strategy =
        strategyMap.containsKey("canary")
            ? Rollout.Strategy.CANARY
            : strategyMap.containsKey("blueGreen")
                ? Rollout.Strategy.BLUE_GREEN
                : Rollout.Strategy.NONE;
    List<CanaryStep> steps = steps(list(map(strategyMap, "canary"), "steps"));
    Map<String, Object> canaryStatus = map(status, "canary");
    int replicas = integer(status, "replicas", 0);
    int updated = integer(status, "updatedReplicas", 0);
    String stable = string(status, "stableRS");
    String current = string(status, "currentPodHash");
    Rollout.Weights weights = weights(canaryStatus, replicas, updated, stable, current);
    List<Rollout.PauseCondition> pauses = new ArrayList<>();
    for (Object o : list(status, "pauseConditions")) {
      if (o instanceof Map<?, ?> m) {
        Map<String, Object> c = cast(m);
        pauses.add(new Rollout.PauseCondition(string(c, "reason"), instant(c, "startTime")));
      }
    }
    Map<String, Object> analysis = map(canaryStatus, "currentStepAnalysisRunStatus");
    Rollout.StepAnalysis stepAnalysis =
        analysis.isEmpty()
            ? null
            : new Rollout.StepAnalysis(
                string(analysis, "name"), string(analysis, "status"), string(analysis, "message"));
    Object observed = status.get("observedGeneration");
    return new Rollout(
        context,
        string(meta, "namespace"),
        string(meta, "name"),
        longValue(meta.get("generation"), 0),
        observed == null ? null : observed.toString(),
        strategy,
        steps,
        status.containsKey("currentStepIndex") ? integer(status, "currentStepIndex", 0) : -1,
        string(status, "phase"),
        string(status, "message"),
        integer(spec, "replicas", 1),
        replicas,
        updated,
        integer(status, "readyReplicas", 0),
        integer(status, "availableReplicas", 0),
        stable,
        current,
        weights,
        Boolean.TRUE.equals(spec.get("paused")),
        Boolean.TRUE.equals(status.get("controllerPause")),
        Boolean.TRUE.equals(status.get("abort")),
        Boolean.TRUE.equals(status.get("promoteFull")),
        pauses,
        stepAnalysis,
        instant(spec, "restartAt"));
  }

  /**
   * Weights from the traffic router's record when there is one; otherwise the share of replicas
   * that run the new version (a canary without traffic routing splits traffic by pod count).
   */
  private static Rollout.Weights weights(
      Map<String, Object> canaryStatus, int replicas, int updated, String stable, String current) {
    Map<String, Object> weights = map(canaryStatus, "weights");
    if (!weights.isEmpty()) {
      int canary = integer(map(weights, "canary"), "weight", 0);
      int stableWeight = integer(map(weights, "stable"), "weight", 100 - canary);
      return new Rollout.Weights(canary, stableWeight, true);
    }
    if (stable == null || stable.equals(current) || replicas <= 0) {
      return new Rollout.Weights(0, 100, false);
    }
    int canary = (int) Math.round(100.0 * Math.min(updated, replicas) / replicas);
    return new Rollout.Weights(canary, 100 - canary, false);
  }

  static List<CanaryStep> steps(List<Object> raw) {
    List<CanaryStep> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.get(i) instanceof Map<?, ?> m) || m.isEmpty()) {
        out.add(new CanaryStep(i, CanaryStep.Kind.UNKNOWN, -1, null, "(empty step)"));
        continue;
      }
      Map<String, Object> step = cast(m);
      String field = step.keySet().iterator().next();
      CanaryStep.Kind kind = CanaryStep.Kind.ofField(field);
      Object value = step.get(field);
      switch (kind) {
        case SET_WEIGHT -> {
          int w = (int) longValue(value, 0);
          out.add(new CanaryStep(i, kind, w, null, "setWeight " + w + "%"));
        }
        case PAUSE -> {
          Object d = value instanceof Map<?, ?> p ? p.get("duration") : null;
          Duration duration = d == null ? null : duration(d);
          String summary =
              d == null ? "pause (until promoted)" : "pause " + d.toString().replace(" ", "");
          out.add(new CanaryStep(i, kind, -1, duration, summary));
        }
        case ANALYSIS -> out.add(new CanaryStep(i, kind, -1, null, "analysis " + templates(value)));
        case EXPERIMENT -> out.add(new CanaryStep(i, kind, -1, null, "experiment"));
        case SET_CANARY_SCALE -> out.add(new CanaryStep(i, kind, -1, null, scale(value)));
        case SET_HEADER_ROUTE ->
            out.add(new CanaryStep(i, kind, -1, null, "setHeaderRoute " + named(value)));
        case SET_MIRROR_ROUTE ->
            out.add(new CanaryStep(i, kind, -1, null, "setMirrorRoute " + named(value)));
        case PLUGIN -> out.add(new CanaryStep(i, kind, -1, null, "plugin " + named(value)));
        case UNKNOWN -> out.add(new CanaryStep(i, kind, -1, null, field));
      }
    }
    return out;
  }

  private static String templates(Object value) {
    List<String> names = new ArrayList<>();
    if (value instanceof Map<?, ?> m) {
      for (Object t : list(cast(m), "templates")) {
        if (t instanceof Map<?, ?> tm && tm.get("templateName") != null) {
          names.add(tm.get("templateName").toString());
        }
      }
    }
    return names.isEmpty() ? "" : String.join(", ", names);
  }

  private static String scale(Object value) {
    if (value instanceof Map<?, ?> m) {
      if (m.get("replicas") != null) {
        return "setCanaryScale " + m.get("replicas") + " replicas";
      }
      if (m.get("weight") != null) {
        return "setCanaryScale " + m.get("weight") + "%";
      }
      if (Boolean.TRUE.equals(m.get("matchTrafficWeight"))) {
        return "setCanaryScale matchTrafficWeight";
      }
    }
    return "setCanaryScale";
  }

  private static String named(Object value) {
    return value instanceof Map<?, ?> m && m.get("name") != null ? m.get("name").toString() : "";
  }

  /**
   * A pause duration as Argo reads it: a whole number of seconds, or a Go duration such as {@code
   * 90s}, {@code 10m}, {@code 1h30m}.
   */
  public static Duration duration(Object value) {
    if (value instanceof Number n) {
      return Duration.ofSeconds(n.longValue());
    }
    String s = value.toString().trim();
    if (s.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = GO_DURATION.matcher(s);
    long millis = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a duration: '" + s + "'");
      }
      double amount = Double.parseDouble(m.group(1));
      millis +=
          Math.round(
              amount
                  * switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                  });
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw new IllegalArgumentException("not a duration: '" + s + "'");
    }
    return Duration.ofMillis(millis);
  }

  public static AnalysisRun analysisRun(Map<String, Object> object) {
    Map<String, Object> meta = map(object, "metadata");
    Map<String, Object> labels = map(meta, "labels");
    Map<String, Object> annotations = map(meta, "annotations");
    Map<String, Object> status = map(object, "status");
    List<AnalysisRun.MetricResult> results = new ArrayList<>();
    for (Object o : list(status, "metricResults")) {
      if (!(o instanceof Map<?, ?> m)) {
        continue;
      }
      Map<String, Object> r = cast(m);
      List<AnalysisRun.Measurement> measurements = new ArrayList<>();
      for (Object mo : list(r, "measurements")) {
        if (mo instanceof Map<?, ?> mm) {
          Map<String, Object> x = cast(mm);
          measurements.add(
              new AnalysisRun.Measurement(
                  string(x, "phase"), string(x, "value"), instant(x, "finishedAt")));
        }
      }
      results.add(
          new AnalysisRun.MetricResult(
              string(r, "name"),
              string(r, "phase"),
              integer(r, "successful", 0),
              integer(r, "failed", 0),
              integer(r, "inconclusive", 0),
              integer(r, "error", 0),
              string(r, "message"),
              measurements));
    }
    Object step = annotations.get("rollout.argoproj.io/step-index");
    return new AnalysisRun(
        string(meta, "name"),
        labels.get("rollouts-pod-template-hash") == null
            ? null
            : labels.get("rollouts-pod-template-hash").toString(),
        step == null ? -1 : (int) longValue(step, -1),
        string(status, "phase"),
        string(status, "message"),
        instant(status, "startedAt") != null
            ? instant(status, "startedAt")
            : instant(meta, "creationTimestamp"),
        results);
  }

  /** The Rollout an AnalysisRun belongs to, from its owner references; null when none. */
  public static String owningRollout(Map<String, Object> object) {
    for (Object o : list(map(object, "metadata"), "ownerReferences")) {
      if (o instanceof Map<?, ?> m && "Rollout".equals(m.get("kind")) && m.get("name") != null) {
        return m.get("name").toString();
      }
    }
    return null;
  }

  /** A nested object of parsed JSON, or an empty map when absent or not an object. */
  public static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object v = parent == null ? null : parent.get(key);
    return v instanceof Map<?, ?> m ? cast(m) : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Map<String, Object> parent, String key) {
    Object v = parent == null ? null : parent.get(key);
    return v instanceof List<?> l ? (List<Object>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  static String string(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  static int integer(Map<String, Object> m, String key, int otherwise) {
    return (int) longValue(m.get(key), otherwise);
  }

  private static long longValue(Object v, long otherwise) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return otherwise;
      }
    }
    return otherwise;
  }

  static Instant instant(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : KubeTime.parseOrNull(v.toString());
  }
}
