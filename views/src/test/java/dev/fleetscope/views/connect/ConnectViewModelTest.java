package dev.fleetscope.views.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.cluster.KubeContext;
import dev.fleetscope.services.cluster.KubeContextCatalog;
import dev.fleetscope.services.cluster.KubeconfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectViewModelTest {

  static KubeContextCatalog catalog(String current, String... names) {
    return new KubeContextCatalog() {
      @Override
      public List<KubeContext> contexts() {
        return java.util.Arrays.stream(names)
            .map(
                n ->
                    new KubeContext(
                        n, n + "-cluster", "https://" + n + ":6443", "u", "", Path.of("/k"), true))
            .toList();
      }

      @Override
      public Optional<String> currentContext() {
        return Optional.of(current);
      }

      @Override
      public String describeSources() {
        return "/k";
      }
    };
  }

  @Test
  void preselectsTheCurrentContextAndBuildsTheRequest() throws Exception {
    ConnectViewModel vm =
        new ConnectViewModel(
            f -> catalog("prod", "prod", "staging"),
            Optional.empty(),
            Optional.empty(),
            Runnable::run,
            Runnable::run);
    vm.load().get();
    assertThat(vm.contexts()).hasSize(2);
    vm.contexts().get(1).selected().set(true);
    vm.prometheusUrlProperty().set("http://prom:9090");
    ConnectionRequest r = vm.request().orElseThrow();
    assertThat(r.contexts()).containsExactly("prod", "staging");
    assertThat(r.prometheus()).map(Object::toString).contains("http://prom:9090");
    assertThat(r.prometheusService()).isEmpty();

    // A service name instead of a URL: Prometheus through the API server.
    vm.prometheusUrlProperty().set(" monitoring/prometheus-k8s:9090 ");
    ConnectionRequest viaService = vm.request().orElseThrow();
    assertThat(viaService.prometheus()).isEmpty();
    assertThat(viaService.prometheusService()).contains("monitoring/prometheus-k8s:9090");

    // Empty: look for one in each cluster.
    vm.prometheusUrlProperty().set("");
    ConnectionRequest search = vm.request().orElseThrow();
    assertThat(search.prometheus()).isEmpty();
    assertThat(search.prometheusService()).isEmpty();
  }

  @Test
  void aBadKubeconfigShowsItsMessageAndNoContexts() throws Exception {
    ConnectViewModel vm =
        new ConnectViewModel(
            f -> {
              throw new KubeconfigException("kubeconfig /k, line 3: not a valid kubeconfig");
            },
            Optional.of(Path.of("/k")),
            Optional.empty(),
            Runnable::run,
            Runnable::run);
    vm.load().get();
    assertThat(vm.contexts()).isEmpty();
    assertThat(vm.errorProperty().get()).isEqualTo("kubeconfig /k, line 3: not a valid kubeconfig");
  }

  @Test
  void rejectsAnEmptySelectionAndABadPrometheusUrlKeepingWhatWasTyped() throws Exception {
    ConnectViewModel vm =
        new ConnectViewModel(
            f -> catalog("x", "a", "b"),
            Optional.empty(),
            Optional.empty(),
            Runnable::run,
            Runnable::run);
    vm.load().get();
    vm.contexts().forEach(c -> c.selected().set(false));
    assertThat(vm.request()).isEmpty();
    assertThat(vm.errorProperty().get()).contains("at least one context");
    vm.contexts().get(0).selected().set(true);
    vm.prometheusUrlProperty().set("prom:9090");
    assertThat(vm.request()).isEmpty();
    assertThat(vm.errorProperty().get()).contains("http(s)://host:port");
    assertThat(vm.prometheusUrlProperty().get()).isEqualTo("prom:9090");
  }
}
