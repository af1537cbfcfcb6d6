package dev.fleetscope.views.connect;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the user asked to connect to in the Connect dialog (or on the command line).
 *
 * @param prometheus Prometheus by URL
 * @param prometheusService Prometheus behind a service of the first context, {@code
 *     NAMESPACE/NAME:PORT}, reached through the API server; with neither, each context's Prometheus
 *     is looked for among the common installs
 */
public record ConnectionRequest(
    Optional<Path> kubeconfig,
    List<String> contexts,
    Optional<URI> prometheus,
    Optional<String> prometheusService) {

  /** {@code [https:]NAMESPACE/NAME:PORT}, as the API server's service proxy names a service. */
  public static final java.util.regex.Pattern SERVICE =
      java.util.regex.Pattern.compile(
          "(https:)?[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?:[-a-z0-9]+");

  public ConnectionRequest {
    contexts = List.copyOf(contexts);
  }

  public ConnectionRequest(
      Optional<Path> kubeconfig, List<String> contexts, Optional<URI> prometheus) {
    this(kubeconfig, contexts, prometheus, Optional.empty());
  }
}
