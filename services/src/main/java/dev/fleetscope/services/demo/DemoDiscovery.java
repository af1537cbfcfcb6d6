package dev.fleetscope.services.demo;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The API discovery documents of a demo cluster ({@code /api}, {@code /api/v1}, {@code /apis} and
 * the built-in groups), which the mock server does not serve. kubectl and k9s read them before any
 * request, so without them they could not talk to the demo. Groups of custom resources appear in
 * {@code /apis}, with their own group document, once their CRD is created.
 */
final class DemoDiscovery {
  private static final List<String> READ_WRITE =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS = List.of("get", "patch", "update");

  /** "group/version" → the custom resources of that version created so far. */
  private final Map<String, List<APIResource>> custom = new ConcurrentHashMap<>();

  /** Records a CustomResourceDefinition, so that {@code /apis} and its group's document list it. */
  void crdCreated(CustomResourceDefinition crd) {
    CustomResourceDefinitionSpec spec = crd.getSpec();
    for (CustomResourceDefinitionVersion version : spec.getVersions()) {
      if (!Boolean.TRUE.equals(version.getServed())) {
        continue;
      }
      boolean namespaced = "Namespaced".equals(spec.getScope());
      List<String> shortNames =
          spec.getNames().getShortNames() == null ? List.of() : spec.getNames().getShortNames();
      List<APIResource> resources =
          custom.computeIfAbsent(
              spec.getGroup() + "/" + version.getName(), k -> new CopyOnWriteArrayList<>());
      resources.add(
          resource(
              spec.getNames().getPlural(),
              spec.getNames().getKind(),
              namespaced,
              READ_WRITE,
              shortNames.toArray(String[]::new)));
      if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
        resources.add(
            resource(
                spec.getNames().getPlural() + "/status",
                spec.getNames().getKind(),
                namespaced,
                STATUS));
      }
    }
  }

  /** The discovery document at this path (query ignored), if it is one this class serves. */
  Optional<String> document(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    return Optional.ofNullable(
        switch (path) {
          case "/api" -> Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build());
          case "/api/v1" ->
              resources(
                  "v1",
                  resource("namespaces", "Namespace", false, READ_WRITE, "ns"),
                  resource("nodes", "Node", false, READ_WRITE, "no"),
                  resource("pods", "Pod", true, READ_WRITE, "po"),
                  resource("pods/log", "Pod", true, List.of("get")),
                  resource("pods/status", "Pod", true, STATUS),
                  resource("events", "Event", true, READ_WRITE, "ev"));
          case "/apis" -> groups();
          case "/apis/apps/v1" ->
              resources(
                  "apps/v1",
                  resource("deployments", "Deployment", true, READ_WRITE, "deploy"),
                  resource("deployments/status", "Deployment", true, STATUS),
                  resource("statefulsets", "StatefulSet", true, READ_WRITE, "sts"),
                  resource("statefulsets/status", "StatefulSet", true, STATUS));
          case "/apis/authorization.k8s.io/v1" ->
              resources(
                  "authorization.k8s.io/v1",
                  resource(
                      "selfsubjectaccessreviews",
                      "SelfSubjectAccessReview",
                      false,
                      List.of("create")));
          case "/apis/apiextensions.k8s.io/v1" ->
              resources(
                  "apiextensions.k8s.io/v1",
                  resource(
                      "customresourcedefinitions",
                      "CustomResourceDefinition",
                      false,
                      READ_WRITE,
                      "crd"));
          default -> {
            List<APIResource> resources =
                path.startsWith("/apis/") ? custom.get(path.substring(6)) : null;
            yield resources == null
                ? null
                : resources(path.substring(6), resources.toArray(APIResource[]::new));
          }
        });
  }

  private String groups() {
    List<APIGroup> groups = new ArrayList<>();
    groups.add(group("apps", "v1"));
    groups.add(group("authorization.k8s.io", "v1"));
    groups.add(group("apiextensions.k8s.io", "v1"));
    custom.keySet().stream()
        .sorted()
        .forEach(
            gv -> {
              int slash = gv.indexOf('/');
              groups.add(group(gv.substring(0, slash), gv.substring(slash + 1)));
            });
    return Serialization.asJson(new APIGroupListBuilder().withGroups(groups).build());
  }

  private static APIGroup group(String name, String version) {
    GroupVersionForDiscovery v = new GroupVersionForDiscovery(name + "/" + version, version);
    return new APIGroupBuilder().withName(name).withVersions(v).withPreferredVersion(v).build();
  }

  private static String resources(String groupVersion, APIResource... resources) {
    return Serialization.asJson(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(resources)
            .build());
  }

  private static APIResource resource(
      String name, String kind, boolean namespaced, List<String> verbs, String... shortNames) {
    return new APIResourceBuilder()
        .withName(name)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withVerbs(verbs)
        .withShortNames(shortNames)
        .withSingularName("")
        .build();
  }
}
