package dev.fleetscope.services.slo.adapter;

import dev.fleetscope.services.slo.SloSpec;
import dev.fleetscope.services.slo.spec.SloFiles;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the SLO objects of one cluster: Pyrra {@code ServiceLevelObjective} and Sloth {@code
 * PrometheusServiceLevel}, in every namespace the user may list. A cluster without one of the CRDs
 * simply has none of those SLOs; a malformed object is a problem naming {@code context ns/name} and
 * its field, and does not hide the others.
 */
public final class ClusterSloReader {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSloReader.class);

  public static final ResourceDefinitionContext PYRRA =
      new ResourceDefinitionContext.Builder()
          .withGroup("pyrra.dev")
          .withVersion("v1alpha1")
          .withKind("ServiceLevelObjective")
          .withPlural("servicelevelobjectives")
          .withNamespaced(true)
          .build();

  public static final ResourceDefinitionContext SLOTH =
      new ResourceDefinitionContext.Builder()
          .withGroup("sloth.slok.dev")
          .withVersion("v1")
          .withKind("PrometheusServiceLevel")
          .withPlural("prometheusservicelevels")
          .withNamespaced(true)
          .build();

  /** What one cluster holds. */
  public record Found(List<SloSpec> specs, List<String> problems) {
    public Found {
      specs = List.copyOf(specs);
      problems = List.copyOf(problems);
    }
  }

  private ClusterSloReader() {}

  public static Found read(String context, KubernetesClient client) {
    List<SloSpec> specs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (ResourceDefinitionContext kind : List.of(PYRRA, SLOTH)) {
      List<GenericKubernetesResource> items;
      try {
        items = client.genericKubernetesResources(kind).inAnyNamespace().list().getItems();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          continue; // the CRD is not installed: no SLOs of this kind
        }
        String why =
            e.getCode() == 403
                ? "not allowed to list " + kind.getPlural() + "." + kind.getGroup()
                : "cannot list " + kind.getPlural() + "." + kind.getGroup() + ": " + e.getMessage();
        LOG.warn("{}: {}", context, why);
        problems.add(context + ": " + why);
        continue;
      }
      for (GenericKubernetesResource item : items) {
        String origin =
            context + " " + item.getMetadata().getNamespace() + "/" + item.getMetadata().getName();
        SloFiles.Result r = SloFiles.read(origin, context, Serialization.asYaml(item));
        specs.addAll(r.specs());
        problems.addAll(r.messages());
      }
    }
    return new Found(specs, problems);
  }
}
