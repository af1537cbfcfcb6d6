package dev.fleetscope.services.demo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * CRDs for the demo's custom resources (and for tests that install them in a mock API server): one
 * served storage version, a schema that keeps unknown fields, and the status subresource, as the
 * real CRDs of Argo Rollouts, Kueue, Volcano, LeaderWorkerSet, Pyrra and Sloth declare it.
 */
public final class DemoCrds {
  private DemoCrds() {}

  public static CustomResourceDefinition of(ResourceDefinitionContext c, boolean namespaced) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(c.getPlural() + "." + c.getGroup())
        .endMetadata()
        .withNewSpec()
        .withGroup(c.getGroup())
        .withScope(namespaced ? "Namespaced" : "Cluster")
        .withNewNames()
        .withKind(c.getKind())
        .withListKind(c.getKind() + "List")
        .withPlural(c.getPlural())
        .withSingular(c.getKind().toLowerCase(java.util.Locale.ROOT))
        .endNames()
        .addNewVersion()
        .withName(c.getVersion())
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .endVersion()
        .endSpec()
        .build();
  }
}
