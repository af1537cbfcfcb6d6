package dev.fleetscope.services.cluster;

import java.util.List;
import java.util.Optional;

/** Port: the contexts a user can connect to (merged from their kubeconfig files). */
public interface KubeContextCatalog {

  List<KubeContext> contexts();

  /** The kubeconfig's {@code current-context}, if it names one that exists. */
  Optional<String> currentContext();

  /** The files the contexts came from, for messages and the Connect dialog. */
  String describeSources();
}
