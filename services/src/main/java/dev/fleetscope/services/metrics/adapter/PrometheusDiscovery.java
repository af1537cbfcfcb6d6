package dev.fleetscope.services.metrics.adapter;

import dev.fleetscope.services.metrics.PrometheusException;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a cluster's Prometheus among the common installs and checks that it answers through the API
 * server's service proxy:
 *
 * <ol>
 *   <li>kube-prometheus: {@code monitoring/prometheus-k8s}, port 9090;
 *   <li>prometheus-operator (and kube-prometheus-stack): {@code prometheus-operated}, port 9090, in
 *       any namespace;
 *   <li>the prometheus-community Helm chart: {@code prometheus-server}, port 80, in any namespace.
 * </ol>
 *
 * Services in any namespace are found with one list per name (a field selector on the name); a user
 * who may not list services cluster-wide is looked up in the usual monitoring namespaces instead.
 * The first candidate whose build info comes back through the proxy wins; what was tried and why it
 * failed is kept for the message when none does.
 */
public final class PrometheusDiscovery {

  /** One install to look for. */
  record Known(String namespace, String name, int port, String install) {}

  static final List<Known> KNOWN =
      List.of(
          new Known("monitoring", "prometheus-k8s", 9090, "kube-prometheus"),
          new Known("", "prometheus-operated", 9090, "prometheus-operator"),
          new Known("", "prometheus-server", 80, "prometheus Helm chart"));

  /** Where to look when services may not be listed cluster-wide. */
  static final List<String> USUAL_NAMESPACES =
      List.of("monitoring", "prometheus", "observability", "kube-prometheus", "default");

  /**
   * What discovery found.
   *
   * @param api the client for the Prometheus found, empty when none answered
   * @param service the service it answers behind
   * @param version Prometheus's version, from its build info
   * @param tried each candidate looked at and what came of it, in order
   */
  public record Found(
      Optional<PrometheusHttpClient> api,
      Optional<PrometheusService> service,
      String version,
      List<String> tried) {

    /** One line for the log or a panel: what was found, or why nothing was. */
    public String summary(String context) {
      if (service.isPresent()) {
        return context
            + ": Prometheus "
            + version
            + " at "
            + service.get().shown()
            + " ("
            + service.get().install()
            + "), through the API server";
      }
      return context
          + ": no Prometheus found through the API server ("
          + String.join("; ", tried)
          + "); pass --prometheus URL or --prometheus-service NAMESPACE/NAME:PORT";
    }
  }

  private PrometheusDiscovery() {}

  /**
   * Looks for Prometheus in the cluster behind {@code client}. Blocking: a few API calls, then one
   * build-info request per candidate found.
   *
   * @param context the kubeconfig context, for messages
   */
  public static Found discover(KubernetesClient client, String context, Duration timeout) {
    List<String> tried = new ArrayList<>();
    List<PrometheusService> candidates;
    try {
      candidates = candidates(client, tried);
    } catch (KubernetesClientException e) {
      // The API server is down: one timeout, not one per candidate.
      tried.add("the API server did not answer: " + e.getMessage());
      return new Found(Optional.empty(), Optional.empty(), "", tried);
    }
    for (PrometheusService candidate : candidates) {
      PrometheusHttpClient api =
          PrometheusHttpClient.throughServiceProxy(client, candidate, context, timeout, 1);
      try {
        String version = api.buildInfo().version();
        return new Found(Optional.of(api), Optional.of(candidate), version, tried);
      } catch (PrometheusException e) {
        api.close();
        tried.add(candidate.shown() + ": " + e.getMessage());
      }
    }
    if (tried.isEmpty()) {
      tried.add(
          "none of "
              + KNOWN.stream()
                  .map(k -> (k.namespace().isEmpty() ? "*" : k.namespace()) + "/" + k.name())
                  .toList()
              + " exists");
    }
    return new Found(Optional.empty(), Optional.empty(), "", tried);
  }

  /** The services of the known installs that exist, in the order of {@link #KNOWN}. */
  static List<PrometheusService> candidates(KubernetesClient client, List<String> tried) {
    Map<String, PrometheusService> found = new LinkedHashMap<>();
    boolean mayListAll = true;
    for (Known k : KNOWN) {
      List<Service> services = new ArrayList<>();
      if (!k.namespace().isEmpty()) {
        get(client, k.namespace(), k.name(), tried).ifPresent(services::add);
      } else if (mayListAll) {
        try {
          services.addAll(
              client
                  .services()
                  .inAnyNamespace()
                  .withField("metadata.name", k.name())
                  .list()
                  .getItems());
        } catch (KubernetesClientException e) {
          if (unreachable(e)) {
            throw e;
          }
          if (e.getCode() != 403) {
            tried.add("listing services named " + k.name() + ": " + e.getMessage());
            continue;
          }
          mayListAll = false;
          tried.add("may not list services in all namespaces: looked in " + USUAL_NAMESPACES);
        }
      }
      if (k.namespace().isEmpty() && !mayListAll) {
        for (String ns : USUAL_NAMESPACES) {
          get(client, ns, k.name(), tried).ifPresent(services::add);
        }
      }
      for (Service s : services) {
        // A field selector the server ignores would return every service: filter here too.
        if (!k.name().equals(s.getMetadata().getName())) {
          continue;
        }
        port(s, k.port())
            .ifPresent(
                p -> {
                  PrometheusService c =
                      new PrometheusService(
                          s.getMetadata().getNamespace(), k.name(), p, false, k.install());
                  found.putIfAbsent(c.shown(), c);
                });
      }
    }
    return List.copyOf(found.values());
  }

  private static Optional<Service> get(
      KubernetesClient client, String namespace, String name, List<String> tried) {
    try {
      return Optional.ofNullable(client.services().inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      if (unreachable(e)) {
        throw e;
      }
      if (e.getCode() != 403) {
        tried.add(namespace + "/" + name + ": " + e.getMessage());
      }
      return Optional.empty();
    }
  }

  /** No HTTP answer at all: the connection failed or timed out. */
  private static boolean unreachable(KubernetesClientException e) {
    return e.getCode() <= 0 && e.getStatus() == null;
  }

  /**
   * The service port Prometheus answers on: the install's usual port, else a port named {@code web}
   * (what the operator names it), else the only port.
   */
  static Optional<String> port(Service s, int usual) {
    if (s.getSpec() == null || s.getSpec().getPorts() == null) {
      return Optional.empty();
    }
    List<ServicePort> ports = s.getSpec().getPorts();
    for (ServicePort p : ports) {
      if (p.getPort() != null && p.getPort() == usual) {
        return Optional.of(String.valueOf(usual));
      }
    }
    for (ServicePort p : ports) {
      if ("web".equals(p.getName()) && p.getPort() != null) {
        return Optional.of(String.valueOf(p.getPort()));
      }
    }
    return ports.size() == 1 && ports.get(0).getPort() != null
        ? Optional.of(String.valueOf(ports.get(0).getPort()))
        : Optional.empty();
  }
}
