package dev.fleetscope.views.connect;

import dev.fleetscope.services.cluster.KubeContext;
import dev.fleetscope.services.cluster.KubeContextCatalog;
import dev.fleetscope.services.cluster.KubeconfigException;
import dev.fleetscope.services.cluster.KubeconfigReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Connect dialog's state: which kubeconfig to read, its contexts (the current one preselected),
 * and an optional Prometheus URL. Reading the kubeconfig happens on the I/O executor; results land
 * through the UI executor (the FX thread in the app, the caller's thread in tests).
 */
public final class ConnectViewModel {
  /** A context row with its checkbox. */
  public record ContextChoice(KubeContext context, BooleanProperty selected) {}

  private final KubeconfigReader reader;
  private final Executor io;
  private final Executor ui;
  private final StringProperty kubeconfigPath = new SimpleStringProperty("");
  private final StringProperty prometheusUrl = new SimpleStringProperty("");
  private final ObservableList<ContextChoice> contexts = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper sources = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();

  public ConnectViewModel(
      KubeconfigReader reader,
      Optional<Path> initialKubeconfig,
      Optional<URI> initialPrometheus,
      Executor io,
      Executor ui) {
    this.reader = reader;
    this.io = io;
    this.ui = ui;
    initialKubeconfig.ifPresent(p -> kubeconfigPath.set(p.toString()));
    initialPrometheus.ifPresent(u -> prometheusUrl.set(u.toString()));
  }

  /** Reads the kubeconfig (the typed path, or kubectl's default) and lists its contexts. */
  public CompletableFuture<Void> load() {
    Optional<Path> explicit =
        kubeconfigPath.get().isBlank()
            ? Optional.empty()
            : Optional.of(Path.of(kubeconfigPath.get().trim()));
    loading.set(true);
    error.set("");
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return reader.read(explicit);
              } catch (KubeconfigException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            },
            io)
        .handleAsync(
            (catalog, failure) -> {
              loading.set(false);
              if (failure != null) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                contexts.clear();
                sources.set("");
                error.set(
                    cause instanceof KubeconfigException
                        ? cause.getMessage()
                        : "Could not read the kubeconfig: " + cause.getMessage());
              } else {
                show(catalog);
              }
              return null;
            },
            ui);
  }

  private void show(KubeContextCatalog catalog) {
    String current = catalog.currentContext().orElse("");
    List<ContextChoice> rows = new ArrayList<>();
    for (KubeContext c : catalog.contexts()) {
      rows.add(new ContextChoice(c, new SimpleBooleanProperty(c.name().equals(current))));
    }
    contexts.setAll(rows);
    sources.set("Read from " + catalog.describeSources());
    if (rows.isEmpty()) {
      error.set("The kubeconfig defines no contexts");
    }
  }

  /** Validates the form; on success the request to connect, else the error is set. */
  public Optional<ConnectionRequest> request() {
    List<String> chosen =
        contexts.stream().filter(c -> c.selected().get()).map(c -> c.context().name()).toList();
    if (chosen.isEmpty()) {
      error.set("Select at least one context");
      return Optional.empty();
    }
    Optional<URI> prometheus = Optional.empty();
    Optional<String> service = Optional.empty();
    String url = prometheusUrl.get().trim();
    if (!url.contains("://") && ConnectionRequest.SERVICE.matcher(url).matches()) {
      service = Optional.of(url);
    } else if (!url.isEmpty()) {
      try {
        URI uri = new URI(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          error.set(
              "Prometheus must be a URL like http(s)://host:port or a service like"
                  + " monitoring/prometheus-k8s:9090, got: "
                  + url);
          return Optional.empty();
        }
        prometheus = Optional.of(uri);
      } catch (URISyntaxException e) {
        error.set("Prometheus URL is not a valid URL: " + e.getMessage());
        return Optional.empty();
      }
    }
    error.set("");
    Optional<Path> file =
        kubeconfigPath.get().isBlank()
            ? Optional.empty()
            : Optional.of(Path.of(kubeconfigPath.get().trim()));
    return Optional.of(new ConnectionRequest(file, chosen, prometheus, service));
  }

  public StringProperty kubeconfigPathProperty() {
    return kubeconfigPath;
  }

  public StringProperty prometheusUrlProperty() {
    return prometheusUrl;
  }

  public ObservableList<ContextChoice> contexts() {
    return contexts;
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty sourcesProperty() {
    return sources.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }
}
