package dev.fleetscope.services.rollout;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an action into the patches the {@code kubectl argo rollouts} plugin sends for it, read from
 * the Rollout as it is now, and says which actions make sense in its state.
 */
public final class RolloutActions {
  private RolloutActions() {}

  /** The plan for one action; empty when the action would change nothing. */
  public static ActionPlan plan(RolloutAction action, Rollout r, Instant now) {
    return switch (action) {
      case PAUSE -> new ActionPlan(action, null, "{\"spec\":{\"paused\":true}}", null);
      case PROMOTE -> promote(r);
      case PROMOTE_FULL -> {
        if (!r.updating()) {
          yield new ActionPlan(action, null, null, null);
        }
        String body = "{\"status\":{\"promoteFull\":true}}";
        yield new ActionPlan(action, body, null, body);
      }
      case ABORT -> {
        String body = "{\"status\":{\"abort\":true}}";
        yield new ActionPlan(action, body, null, body);
      }
      case RETRY -> {
        String body = "{\"status\":{\"abort\":false}}";
        yield new ActionPlan(action, body, null, body);
      }
      case RESTART ->
          new ActionPlan(
              action,
              null,
              "{\"spec\":{\"restartAt\":\"" + now.truncatedTo(ChronoUnit.SECONDS) + "\"}}",
              null);
    };
  }

  /**
   * Promote: unpause the spec if paused; then clear the pause conditions, or (a canary waiting on
   * analysis or an experiment, not on a condition) move to the next step. A step whose analysis was
   * inconclusive and left the controller paused gets both, and the controller pause cleared.
   */
  private static ActionPlan promote(Rollout r) {
    String spec = r.specPaused() ? "{\"spec\":{\"paused\":false}}" : null;
    String unified = "{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null}}";
    String status = null;
    Integer next = nextStepIndex(r);
    boolean inconclusive =
        r.strategy() == Rollout.Strategy.CANARY
            && r.analysis() != null
            && "Inconclusive".equals(r.analysis().status());
    if (inconclusive && !r.pauseConditions().isEmpty() && r.controllerPause()) {
      if (next != null) {
        status =
            "{\"status\":{\"pauseConditions\":null,\"controllerPause\":false,\"currentStepIndex\":"
                + next
                + "}}";
      }
    } else if (!r.pauseConditions().isEmpty()) {
      status = "{\"status\":{\"pauseConditions\":null}}";
    } else if (r.strategy() == Rollout.Strategy.CANARY && next != null) {
      status = "{\"status\":{\"pauseConditions\":null,\"currentStepIndex\":" + next + "}}";
      unified =
          "{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null,\"currentStepIndex\":"
              + next
              + "}}";
    }
    return new ActionPlan(RolloutAction.PROMOTE, status, spec, unified);
  }

  /** The step after the current one, capped at the number of steps; null without steps. */
  private static Integer nextStepIndex(Rollout r) {
    if (r.strategy() != Rollout.Strategy.CANARY || r.steps().isEmpty()) {
      return null;
    }
    int index = Math.max(0, r.currentStepIndex());
    return index < r.steps().size() ? index + 1 : index;
  }

  /** The actions that make sense for the rollout now, with a reason for the ones that do not. */
  public static List<Offer> offers(Rollout r) {
    List<Offer> out = new ArrayList<>();
    boolean done = !r.updating();
    out.add(
        offer(
            RolloutAction.PROMOTE,
            r.aborted()
                ? Optional.of("aborted: retry first")
                : done && !r.paused() ? Optional.of("nothing to promote") : Optional.empty()));
    out.add(
        offer(
            RolloutAction.PROMOTE_FULL,
            done
                ? Optional.of("the stable version is already the desired one")
                : Optional.empty()));
    out.add(
        offer(
            RolloutAction.PAUSE,
            r.specPaused() ? Optional.of("already paused") : Optional.empty()));
    out.add(
        offer(
            RolloutAction.ABORT,
            r.aborted()
                ? Optional.of("already aborted")
                : done ? Optional.of("no update in progress") : Optional.empty()));
    out.add(
        offer(
            RolloutAction.RETRY,
            r.aborted() ? Optional.empty() : Optional.of("only an aborted rollout can retry")));
    out.add(offer(RolloutAction.RESTART, Optional.empty()));
    return out;
  }

  private static Offer offer(RolloutAction a, Optional<String> unavailable) {
    return new Offer(a, unavailable.orElse(null));
  }

  /** An action and, when it does not apply now, why. */
  public record Offer(RolloutAction action, String unavailableBecause) {
    public boolean available() {
      return unavailableBecause == null;
    }
  }
}
