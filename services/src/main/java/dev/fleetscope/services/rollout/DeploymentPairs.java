package dev.fleetscope.services.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds releases made of plain Deployments: in one namespace, the Deployments of one app ({@code
 * app.kubernetes.io/name}, else {@code app}) that carry different version labels ({@code
 * app.kubernetes.io/version}, else {@code version}). Traffic behind one Service splits by ready
 * pods, so the new version's weight is its share of the ready replicas. The new version is the one
 * labelled {@code track=canary}, else the one created last.
 */
public final class DeploymentPairs {
  /** One Deployment as far as pairing needs it. */
  public record Deployment(
      String namespace,
      String name,
      Map<String, String> labels,
      int replicas,
      int readyReplicas,
      Instant created) {

    String app() {
      String app = labels.get("app.kubernetes.io/name");
      return app != null ? app : labels.get("app");
    }

    String version() {
      String v = labels.get("app.kubernetes.io/version");
      return v != null ? v : labels.get("version");
    }
  }

  private DeploymentPairs() {}

  /**
   * @param excluded names ({@code namespace/name}) of Deployments another controller manages (a
   *     Flagger target and its primary), which are not pairs of their own
   */
  public static List<WatchedRelease> find(
      String context, List<Deployment> deployments, Set<String> excluded) {
    Map<String, List<Deployment>> byApp = new LinkedHashMap<>();
    for (Deployment d : deployments) {
      if (d.app() == null
          || d.version() == null
          || excluded.contains(d.namespace() + "/" + d.name())) {
        continue;
      }
      byApp.computeIfAbsent(d.namespace() + "/" + d.app(), k -> new ArrayList<>()).add(d);
    }
    List<WatchedRelease> out = new ArrayList<>();
    for (List<Deployment> group : byApp.values()) {
      if (group.stream().map(Deployment::version).distinct().count() < 2) {
        continue;
      }
      Deployment canary =
          group.stream()
              .filter(d -> "canary".equals(d.labels().get("track")))
              .findFirst()
              .orElseGet(
                  () ->
                      group.stream()
                          .max(
                              Comparator.comparing(
                                  (Deployment d) ->
                                      d.created() == null ? Instant.MIN : d.created()))
                          .orElseThrow());
      int ready = group.stream().mapToInt(Deployment::readyReplicas).sum();
      int canaryReady =
          group.stream()
              .filter(d -> d.version().equals(canary.version()))
              .mapToInt(Deployment::readyReplicas)
              .sum();
      int weight = ready == 0 ? 0 : (int) Math.round(100.0 * canaryReady / ready);
      StringBuilder detail = new StringBuilder();
      group.stream()
          .sorted(Comparator.comparing((Deployment d) -> d.version().equals(canary.version())))
          .forEach(
              d -> {
                if (detail.length() > 0) {
                  detail.append(" · ");
                }
                detail
                    .append(d.name())
                    .append(" (")
                    .append(d.version())
                    .append("): ")
                    .append(d.readyReplicas())
                    .append("/")
                    .append(d.replicas())
                    .append(" ready");
              });
      out.add(
          new WatchedRelease(
              context,
              canary.namespace(),
              canary.app(),
              WatchedRelease.Source.DEPLOYMENTS,
              ready == 0 ? "No ready pods" : "Split",
              weight,
              -1,
              -1,
              -1,
              detail.toString(),
              "new version " + canary.version() + " (" + canary.name() + ")",
              canary.created()));
    }
    return out;
  }
}
