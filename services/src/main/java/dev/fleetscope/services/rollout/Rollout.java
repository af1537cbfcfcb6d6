package dev.fleetscope.services.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An Argo Rollout as the console shows it: strategy, steps, where it stands, traffic weights and
 * the two ReplicaSets. Read from the object's fields by {@link RolloutReader}; the status is only
 * {@linkplain #statusTrusted() trusted} once the controller has observed the current generation.
 *
 * @param currentStepIndex {@code status.currentStepIndex}, -1 when unset
 * @param stableHash {@code status.stableRS}
 * @param canaryHash {@code status.currentPodHash}
 * @param analysis {@code status.canary.currentStepAnalysisRunStatus}, or null
 * @param restartAt {@code spec.restartAt}, or null
 */
public record Rollout(
    String context,
    String namespace,
    String name,
    long generation,
    String observedGeneration,
    Strategy strategy,
    List<CanaryStep> steps,
    int currentStepIndex,
    String phase,
    String message,
    int desiredReplicas,
    int replicas,
    int updatedReplicas,
    int readyReplicas,
    int availableReplicas,
    String stableHash,
    String canaryHash,
    Weights weights,
    boolean specPaused,
    boolean controllerPause,
    boolean aborted,
    boolean promoteFull,
    List<PauseCondition> pauseConditions,
    StepAnalysis analysis,
    Instant restartAt) {

  public enum Strategy {
    CANARY,
    BLUE_GREEN,
    NONE
  }

  /** A pause condition: why the rollout waits and since when. */
  public record PauseCondition(String reason, Instant startTime) {}

  /** The current step's analysis run: name, status (Running, Successful, Inconclusive ...). */
  public record StepAnalysis(String name, String status, String message) {}

  /**
   * Traffic split between canary and stable, in percent.
   *
   * @param fromTrafficRouting true when read from {@code status.canary.weights}; false when
   *     inferred from replica counts (no traffic router)
   */
  public record Weights(int canary, int stable, boolean fromTrafficRouting) {}

  public Rollout {
    steps = List.copyOf(steps);
    pauseConditions = List.copyOf(pauseConditions);
  }

  public String key() {
    return context + "/" + namespace + "/" + name;
  }

  /** The controller has written status for the current spec. */
  public boolean statusTrusted() {
    return observedGeneration != null && observedGeneration.equals(Long.toString(generation));
  }

  /** A canary is in flight: a new version runs beside the stable one. */
  public boolean updating() {
    return canaryHash != null && stableHash != null && !canaryHash.equals(stableHash);
  }

  public boolean paused() {
    return specPaused || !pauseConditions.isEmpty();
  }

  /** The step at {@link #currentStepIndex}, when there is one. */
  public Optional<CanaryStep> currentStep() {
    int i = currentStepIndex < 0 ? 0 : currentStepIndex;
    return strategy == Strategy.CANARY && i < steps.size() && !steps.isEmpty()
        ? Optional.of(steps.get(i))
        : Optional.empty();
  }

  /** The phase to show: the controller's, or why it cannot be trusted yet. */
  public String shownPhase() {
    if (!statusTrusted()) {
      return "Progressing";
    }
    if (aborted) {
      return phase == null || phase.isEmpty() ? "Degraded" : phase;
    }
    return phase == null || phase.isEmpty() ? "Unknown" : phase;
  }

  public String shownMessage() {
    if (!statusTrusted()) {
      return "waiting for the controller to observe generation "
          + generation
          + (observedGeneration == null ? "" : " (it last saw " + observedGeneration + ")");
    }
    return message == null ? "" : message;
  }

  /**
   * How long the current timed pause step still waits: empty unless the rollout is paused at a
   * pause step with a duration.
   */
  public Optional<Duration> pauseRemaining(Instant now) {
    Optional<CanaryStep> step = currentStep();
    if (step.isEmpty()
        || step.get().kind() != CanaryStep.Kind.PAUSE
        || step.get().pause() == null) {
      return Optional.empty();
    }
    for (PauseCondition c : pauseConditions) {
      if ("CanaryPauseStep".equals(c.reason()) && c.startTime() != null) {
        Duration left = Duration.between(now, c.startTime().plus(step.get().pause()));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
      }
    }
    return Optional.empty();
  }
}
