package dev.fleetscope.services.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo's incident story: a traffic surge fills the KV cache of the 70B chat model in one
 * cluster, requests queue and get preempted, and time to first token climbs past its SLO. One
 * incident started 45 minutes before the demo began and lasts two hours; an earlier, shorter one
 * six days before left its mark on the error budget's history. Deterministic: the conditions depend
 * on the instant only, so the budget history computed for the past and the live simulation agree.
 */
public final class KvCacheIncident implements DemoScenario {
  static final String CLUSTER = "demo-us-east";
  static final String DEPLOYMENT = "llama-3-1-70b-chat";

  /**
   * During a surge the model receives 3.9 times its daily peak whatever the hour: batches run full,
   * requests queue, and time to first token about doubles.
   */
  static final double SURGE_OF_PEAK = 3.9;

  static final double SURGE_LATENCY = 1.8;
  static final double SURGE_ERRORS = 0.003;

  private record Window(Instant from, Instant to) {
    boolean contains(Instant t) {
      return !t.isBefore(from) && t.isBefore(to);
    }
  }

  private final List<Window> incidents;

  /**
   * @param demoStart the instant the demo fleet starts
   */
  public KvCacheIncident(Instant demoStart) {
    this.incidents =
        List.of(
            new Window(
                demoStart.minus(Duration.ofDays(6)).minus(Duration.ofHours(3)),
                demoStart.minus(Duration.ofDays(6)).minus(Duration.ofMinutes(90))),
            new Window(
                demoStart.minus(Duration.ofMinutes(45)), demoStart.plus(Duration.ofHours(2))));
  }

  @Override
  public String name() {
    return "kv-cache-saturation";
  }

  @Override
  public Conditions conditions(String cluster, String deployment, Instant now) {
    if (!CLUSTER.equals(cluster) || !DEPLOYMENT.equals(deployment)) {
      return Conditions.NORMAL;
    }
    for (Window w : incidents) {
      if (w.contains(now)) {
        return new Conditions(
            SURGE_OF_PEAK / DailyTraffic.factor(now), SURGE_ERRORS, SURGE_LATENCY);
      }
    }
    return Conditions.NORMAL;
  }
}
