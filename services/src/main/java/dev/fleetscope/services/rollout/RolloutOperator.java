package dev.fleetscope.services.rollout;

import dev.fleetscope.services.common.AuditLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out rollout actions the deliberate way: plan the exact patches, check RBAC, let the user
 * confirm a text that names context, namespace, rollout and every change, send, and audit. Views
 * get a {@link Prepared} to show and confirm; nothing is sent before {@link #execute}.
 */
public final class RolloutOperator {
  private final Function<String, Optional<RolloutControl>> controls;
  private final AuditLog audit;
  private final String user;
  private final Clock clock;

  /**
   * @param controls the control port of a kubeconfig context, when connected to it
   * @param user who acts, for the audit log (the OS user name)
   */
  public RolloutOperator(
      Function<String, Optional<RolloutControl>> controls,
      AuditLog audit,
      String user,
      Clock clock) {
    this.controls = controls;
    this.audit = audit;
    this.user = user;
    this.clock = clock;
  }

  /** An action ready to confirm: its plan, whether RBAC allows it, and the confirmation text. */
  public record Prepared(Rollout rollout, ActionPlan plan, String deniedBecause, String summary) {
    public boolean allowed() {
      return deniedBecause == null && !plan.isEmpty();
    }
  }

  /** What an executed action did. */
  public record Outcome(boolean ok, String message, List<RolloutControl.Sent> sent) {}

  /** Plans the action and checks RBAC (blocking: one SelfSubjectAccessReview per patch target). */
  public Prepared prepare(Rollout r, RolloutAction action) {
    ActionPlan plan = RolloutActions.plan(action, r, clock.instant());
    String denied;
    if (plan.isEmpty()) {
      denied = action.label() + " would change nothing now";
    } else {
      Optional<RolloutControl> control = controls.apply(r.context());
      denied =
          control.isEmpty()
              ? "not connected to context " + r.context()
              : control.get().denied(r, plan).orElse(null);
    }
    return new Prepared(r, plan, denied, summary(r, plan));
  }

  /** The confirmation text: where, what, and the exact bodies. */
  public static String summary(Rollout r, ActionPlan plan) {
    StringBuilder s = new StringBuilder();
    s.append(plan.action().label())
        .append(" rollout ")
        .append(r.name())
        .append("\ncontext: ")
        .append(r.context())
        .append("\nnamespace: ")
        .append(r.namespace())
        .append("\nsame as: kubectl argo rollouts ")
        .append(plan.action().pluginCommand())
        .append(' ')
        .append(r.name())
        .append(" -n ")
        .append(r.namespace())
        .append("\n");
    for (ActionPlan.Request q : plan.requests()) {
      s.append("\nPATCH ")
          .append(q.statusSubresource() ? "rollouts/status" : "rollouts")
          .append(" (merge patch)\n  ")
          .append(q.body());
    }
    if (plan.statusPatch() != null && plan.unifiedPatch() != null) {
      s.append("\n\nIf rollouts/status does not exist (controller before v0.10), instead:\nPATCH")
          .append(" rollouts (merge patch)\n  ")
          .append(plan.unifiedPatch());
    }
    return s.toString();
  }

  /** Sends a confirmed action and writes the audit entry, whatever the outcome. */
  public Outcome execute(Prepared p) {
    if (!p.allowed()) {
      throw new IllegalStateException("not allowed: " + p.deniedBecause());
    }
    Rollout r = p.rollout();
    Optional<RolloutControl> control = controls.apply(r.context());
    List<RolloutControl.Sent> sent = new ArrayList<>();
    String outcome;
    boolean ok;
    if (control.isEmpty()) {
      ok = false;
      outcome = "not connected to context " + r.context();
    } else {
      try {
        sent.addAll(control.get().apply(r, p.plan()));
        ok = true;
        outcome = "ok";
      } catch (RolloutControl.RolloutWriteException e) {
        sent.addAll(e.sent());
        ok = false;
        outcome = e.getMessage();
      }
    }
    List<AuditLog.Change> changes = new ArrayList<>();
    for (RolloutControl.Sent s : sent) {
      changes.add(new AuditLog.Change(s.subresource(), "merge", s.body(), s.status()));
    }
    audit.append(
        new AuditLog.Entry(
            clock.instant(),
            user,
            r.context(),
            r.namespace(),
            "argoproj.io/v1alpha1 Rollout",
            r.name(),
            p.plan().action().pluginCommand(),
            changes,
            outcome));
    String message =
        ok
            ? p.plan().action().label() + " sent to " + r.name() + " in " + r.context()
            : p.plan().action().label() + " of " + r.name() + " failed: " + outcome;
    return new Outcome(ok, message, sent);
  }
}
