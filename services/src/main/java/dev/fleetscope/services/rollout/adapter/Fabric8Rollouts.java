package dev.fleetscope.services.rollout.adapter;

import dev.fleetscope.services.rollout.ActionPlan;
import dev.fleetscope.services.rollout.AnalysisRun;
import dev.fleetscope.services.rollout.DeploymentPairs;
import dev.fleetscope.services.rollout.FlaggerReader;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutControl;
import dev.fleetscope.services.rollout.RolloutReader;
import dev.fleetscope.services.rollout.RolloutScan;
import dev.fleetscope.services.rollout.WatchedRelease;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Argo Rollouts on one cluster through fabric8's generic resources: reads Rollouts and
 * AnalysisRuns, checks RBAC with SelfSubjectAccessReviews and sends action patches as JSON merge
 * patches, status first with the plugin's fallback to the main resource when the status subresource
 * answers 404.
 */
public final class Fabric8Rollouts implements RolloutControl {
  public static final ResourceDefinitionContext ROLLOUTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withKind("Rollout")
          .withPlural("rollouts")
          .withNamespaced(true)
          .build();

  public static final ResourceDefinitionContext FLAGGER_CANARIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("flagger.app")
          .withVersion("v1beta1")
          .withKind("Canary")
          .withPlural("canaries")
          .withNamespaced(true)
          .build();

  public static final ResourceDefinitionContext ANALYSIS_RUNS =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withKind("AnalysisRun")
          .withPlural("analysisruns")
          .withNamespaced(true)
          .build();

  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  private final String context;
  private final KubernetesClient client;
  private final Clock clock;

  public Fabric8Rollouts(String context, KubernetesClient client, Clock clock) {
    this.context = context;
    this.client = client;
    this.clock = clock;
  }

  public String context() {
    return context;
  }

  /** Every Rollout the user may list, with its analysis runs. */
  public RolloutScan scan() {
    RolloutScan argo = scanRollouts();
    java.time.Instant now = clock.instant();
    synchronized (this) {
      if (watchedAt == null || !now.isBefore(watchedAt.plus(WATCHED_EVERY))) {
        watchedAt = now;
        watchedScan = scanWatched();
      }
      return argo.withWatched(watchedScan.watched(), watchedScan.problems());
    }
  }

  /**
   * Flagger Canaries and Deployment pairs change slowly and listing Deployments costs the API
   * server more than listing Rollouts: they are read at most this often.
   */
  static final java.time.Duration WATCHED_EVERY = java.time.Duration.ofSeconds(10);

  private java.time.Instant watchedAt;
  private RolloutScan watchedScan;

  private RolloutScan scanWatched() {
    List<String> problems = new ArrayList<>();
    List<WatchedRelease> watched = new ArrayList<>();
    java.util.Set<String> flaggerManaged = new java.util.HashSet<>();
    try {
      for (GenericKubernetesResource item :
          client.genericKubernetesResources(FLAGGER_CANARIES).inAnyNamespace().list().getItems()) {
        try {
          WatchedRelease c = FlaggerReader.canary(context, asMap(item));
          watched.add(c);
          Object target =
              RolloutReader.map(RolloutReader.map(asMap(item), "spec"), "targetRef").get("name");
          if (target != null) {
            flaggerManaged.add(c.namespace() + "/" + target);
            flaggerManaged.add(c.namespace() + "/" + target + "-primary");
          }
        } catch (RuntimeException e) {
          problems.add(unreadable(item, "Flagger Canary", e));
        }
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        problems.add(context + ": cannot list Flagger Canaries: " + reason(e));
      }
    }
    try {
      List<DeploymentPairs.Deployment> versioned = new ArrayList<>();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String label : List.of("app.kubernetes.io/version", "version")) {
        for (io.fabric8.kubernetes.api.model.apps.Deployment d :
            client.apps().deployments().inAnyNamespace().withLabel(label).list().getItems()) {
          if (seen.add(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName())) {
            versioned.add(deployment(d));
          }
        }
      }
      watched.addAll(DeploymentPairs.find(context, versioned, flaggerManaged));
    } catch (KubernetesClientException e) {
      problems.add(context + ": cannot list Deployments: " + reason(e));
    }
    return new RolloutScan(context, clock.instant(), true, List.of(), Map.of(), problems, watched);
  }

  private String unreadable(GenericKubernetesResource item, String what, RuntimeException e) {
    return context
        + "/"
        + item.getMetadata().getNamespace()
        + "/"
        + item.getMetadata().getName()
        + ": unreadable "
        + what
        + ": "
        + e.getMessage();
  }

  private static DeploymentPairs.Deployment deployment(
      io.fabric8.kubernetes.api.model.apps.Deployment d) {
    var status = d.getStatus();
    Integer ready = status == null ? null : status.getReadyReplicas();
    Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
    String created = d.getMetadata().getCreationTimestamp();
    return new DeploymentPairs.Deployment(
        d.getMetadata().getNamespace(),
        d.getMetadata().getName(),
        d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels(),
        replicas == null ? 1 : replicas,
        ready == null ? 0 : ready,
        created == null ? null : java.time.Instant.parse(created));
  }

  private RolloutScan scanRollouts() {
    List<String> problems = new ArrayList<>();
    List<GenericKubernetesResource> items;
    try {
      items = client.genericKubernetesResources(ROLLOUTS).inAnyNamespace().list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return new RolloutScan(context, clock.instant(), false, List.of(), Map.of(), List.of());
      }
      return new RolloutScan(
          context,
          clock.instant(),
          true,
          List.of(),
          Map.of(),
          List.of(context + ": cannot list Rollouts: " + reason(e)));
    }
    List<Rollout> rollouts = new ArrayList<>();
    for (GenericKubernetesResource item : items) {
      try {
        rollouts.add(RolloutReader.rollout(context, asMap(item)));
      } catch (RuntimeException e) {
        problems.add(unreadable(item, "Rollout", e));
      }
    }
    Map<String, List<AnalysisRun>> runs = new LinkedHashMap<>();
    try {
      for (GenericKubernetesResource item :
          client.genericKubernetesResources(ANALYSIS_RUNS).inAnyNamespace().list().getItems()) {
        Map<String, Object> object = asMap(item);
        String owner = RolloutReader.owningRollout(object);
        if (owner == null) {
          continue;
        }
        String key = context + "/" + item.getMetadata().getNamespace() + "/" + owner;
        runs.computeIfAbsent(key, k -> new ArrayList<>()).add(RolloutReader.analysisRun(object));
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        problems.add(context + ": cannot list AnalysisRuns: " + reason(e));
      }
    }
    runs.values()
        .forEach(
            l ->
                l.sort(
                    Comparator.comparing(
                            (AnalysisRun a) ->
                                a.started() == null ? java.time.Instant.MIN : a.started())
                        .reversed()));
    return new RolloutScan(context, clock.instant(), true, rollouts, runs, problems);
  }

  static Map<String, Object> asMap(GenericKubernetesResource item) {
    return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
        .convertValue(item, new com.fasterxml.jackson.core.type.TypeReference<>() {});
  }

  @Override
  public Optional<String> denied(Rollout rollout, ActionPlan plan) {
    List<String> refused = new ArrayList<>();
    for (String sub : plan.subresources()) {
      String target = sub.isEmpty() ? "rollouts" : "rollouts/" + sub;
      try {
        SelfSubjectAccessReview review =
            new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withVerb("patch")
                .withGroup("argoproj.io")
                .withResource("rollouts")
                .withSubresource(sub.isEmpty() ? null : sub)
                .withName(rollout.name())
                .withNamespace(rollout.namespace())
                .endResourceAttributes()
                .endSpec()
                .build();
        SelfSubjectAccessReview answer =
            client.authorization().v1().selfSubjectAccessReview().create(review);
        boolean allowed =
            answer != null
                && answer.getStatus() != null
                && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        if (!allowed) {
          String why =
              answer != null && answer.getStatus() != null && answer.getStatus().getReason() != null
                  ? " (" + answer.getStatus().getReason() + ")"
                  : "";
          refused.add("patch " + target + why);
        }
      } catch (KubernetesClientException e) {
        refused.add("patch " + target + " could not be checked: " + reason(e));
      }
    }
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "RBAC in "
            + context
            + " does not allow "
            + String.join(", ", refused)
            + " in namespace "
            + rollout.namespace());
  }

  @Override
  public List<Sent> apply(Rollout rollout, ActionPlan plan) throws RolloutWriteException {
    Resource<GenericKubernetesResource> target =
        client
            .genericKubernetesResources(ROLLOUTS)
            .inNamespace(rollout.namespace())
            .withName(rollout.name());
    List<Sent> sent = new ArrayList<>();
    String spec = plan.specPatch();
    if (plan.statusPatch() != null) {
      try {
        target.subresource("status").patch(MERGE, plan.statusPatch());
        sent.add(new Sent("status", plan.statusPatch(), 200));
      } catch (KubernetesClientException e) {
        sent.add(new Sent("status", plan.statusPatch(), e.getCode()));
        if (e.getCode() != 404) {
          throw new RolloutWriteException(reason(e), sent, e);
        }
        // No status subresource: the plugin's unified patch goes to the main resource instead.
        spec = plan.unifiedPatch();
      }
    }
    if (spec != null) {
      try {
        target.patch(MERGE, spec);
        sent.add(new Sent("", spec, 200));
      } catch (KubernetesClientException e) {
        sent.add(new Sent("", spec, e.getCode()));
        throw new RolloutWriteException(reason(e), sent, e);
      }
    }
    return sent;
  }

  private static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
    }
    return e.getMessage();
  }
}
