package dev.fleetscope.views.rollout;

import dev.fleetscope.services.rollout.CanaryReport;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.views.widgets.Badge;
import java.util.Locale;

/** One Rollout in the list, with its latest canary analysis (null when none). */
public record RolloutRow(Rollout rollout, CanaryReport report) {

  public String key() {
    return rollout.key();
  }

  public Badge phase() {
    String p = rollout.shownPhase();
    Badge.Severity s =
        switch (p) {
          case "Healthy" -> Badge.Severity.OK;
          case "Degraded" -> Badge.Severity.DANGER;
          case "Paused" -> Badge.Severity.WARNING;
          default -> Badge.Severity.INFO;
        };
    if (rollout.aborted()) {
      return new Badge("Aborted", Badge.Severity.DANGER);
    }
    return new Badge(p, s);
  }

  public String step() {
    if (rollout.strategy() != Rollout.Strategy.CANARY || rollout.steps().isEmpty()) {
      return "–";
    }
    int i = Math.max(0, rollout.currentStepIndex());
    return Math.min(i + 1, rollout.steps().size())
        + "/"
        + rollout.steps().size()
        + (i >= rollout.steps().size() ? " done" : "");
  }

  public String weight() {
    if (!rollout.updating()) {
      return "stable 100%";
    }
    return String.format(
        Locale.ROOT,
        "canary %d%% / stable %d%%",
        rollout.weights().canary(),
        rollout.weights().stable());
  }

  public Badge verdict() {
    if (report == null || report.verdict() == null) {
      return new Badge(rollout.updating() ? "–" : "", Badge.Severity.INFO);
    }
    return switch (report.verdict().outcome()) {
      case PASS -> new Badge("Pass", Badge.Severity.OK);
      case MARGINAL -> new Badge("Marginal", Badge.Severity.WARNING);
      case FAIL -> new Badge("Fail", Badge.Severity.DANGER);
      case NO_DATA -> new Badge("No data", Badge.Severity.INFO);
    };
  }

  public String pods() {
    return rollout.readyReplicas()
        + "/"
        + rollout.desiredReplicas()
        + (rollout.updating() ? " (" + rollout.updatedReplicas() + " canary)" : "");
  }
}
