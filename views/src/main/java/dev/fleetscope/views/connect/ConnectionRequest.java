package dev.fleetscope.views.connect;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the user asked to connect to in the Connect dialog. */
public record ConnectionRequest(
    Optional<Path> kubeconfig, List<String> contexts, Optional<URI> prometheus) {

  public ConnectionRequest {
    contexts = List.copyOf(contexts);
  }
}
