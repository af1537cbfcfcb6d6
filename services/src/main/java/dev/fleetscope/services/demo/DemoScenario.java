package dev.fleetscope.services.demo;

import java.time.Instant;

/**
 * The plug point for demo stories. Each step the simulator asks the active scenario how traffic for
 * one workload behaves; the steady scenario is the default, later ones (an incident, a gray release
 * with an injectable regression) shape traffic, errors and latency for chosen workloads.
 */
public interface DemoScenario {

  String name();

  /** Conditions for one workload at one simulated instant; must be deterministic. */
  Conditions conditions(String cluster, String deployment, Instant now);

  /**
   * Multipliers applied on top of the daily traffic curve.
   *
   * @param trafficFactor multiplies the request rate
   * @param extraErrorRate added to the base 5xx ratio
   * @param latencyFactor multiplies time to first token and inter-token latency
   */
  record Conditions(double trafficFactor, double extraErrorRate, double latencyFactor) {
    public static final Conditions NORMAL = new Conditions(1, 0, 1);
  }

  /** No incident: traffic follows the daily curve. */
  DemoScenario STEADY =
      new DemoScenario() {
        @Override
        public String name() {
          return "steady";
        }

        @Override
        public Conditions conditions(String cluster, String deployment, Instant now) {
          return Conditions.NORMAL;
        }
      };
}
