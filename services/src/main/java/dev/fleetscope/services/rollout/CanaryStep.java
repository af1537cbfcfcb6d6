package dev.fleetscope.services.rollout;

import java.time.Duration;

/**
 * One step of a canary strategy, as {@code spec.strategy.canary.steps[i]} spells it.
 *
 * @param weight the traffic weight a setWeight step sets, else -1
 * @param pause how long a pause step waits; null for an indefinite pause or another kind
 * @param summary what the step does, in a few words (e.g. "setWeight 25%", "pause 2m")
 */
public record CanaryStep(int index, Kind kind, int weight, Duration pause, String summary) {

  /** The step kinds Argo Rollouts knows; UNKNOWN for ones added after this console. */
  public enum Kind {
    SET_WEIGHT("setWeight"),
    PAUSE("pause"),
    ANALYSIS("analysis"),
    EXPERIMENT("experiment"),
    SET_CANARY_SCALE("setCanaryScale"),
    SET_HEADER_ROUTE("setHeaderRoute"),
    SET_MIRROR_ROUTE("setMirrorRoute"),
    PLUGIN("plugin"),
    UNKNOWN("?");

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    public String field() {
      return field;
    }

    static Kind ofField(String field) {
      for (Kind k : values()) {
        if (k.field.equals(field)) {
          return k;
        }
      }
      return UNKNOWN;
    }
  }
}
