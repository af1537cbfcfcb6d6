package dev.fleetscope.views.rollout;

import dev.fleetscope.services.common.Subscription;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutAction;
import dev.fleetscope.services.rollout.RolloutBoard;
import dev.fleetscope.services.rollout.RolloutOperator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the Gray releases section reads and does. */
public interface RolloutSource {
  RolloutBoard board();

  /** Fires after the board changes, on a background thread. */
  Subscription subscribe(Runnable onChange);

  /** Reads rollouts and analysis again now (in the background). */
  void refreshNow();

  /** True when the console may not change clusters: no action appears. */
  boolean readOnly();

  /** Plans the action and checks RBAC, in the background. */
  CompletableFuture<RolloutOperator.Prepared> prepare(Rollout rollout, RolloutAction action);

  /** Sends a confirmed action and audits it, in the background. */
  CompletableFuture<RolloutOperator.Outcome> execute(RolloutOperator.Prepared prepared);

  /** The demo fleet's canary-regression switch, when the console runs on the demo. */
  Optional<DemoSwitch> canaryRegression();

  /** A demo-only switch. */
  interface DemoSwitch {
    boolean on();

    void set(boolean on);
  }
}
