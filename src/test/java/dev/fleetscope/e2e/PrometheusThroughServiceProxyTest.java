package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscope.services.metrics.OpenMetricsHistory;
import dev.fleetscope.services.metrics.OpenMetricsHistory.Rate;
import dev.fleetscope.services.metrics.PromSample;
import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusException;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.services.metrics.adapter.PrometheusDiscovery;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import dev.fleetscope.services.metrics.adapter.PrometheusService;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus reached through a Kubernetes API server's service proxy, as on a laptop outside the
 * cluster network: a real Prometheus behind fabric8's mock API server, which forwards {@code
 * services/NAME:PORT/proxy/} requests the way the API server does. The client reads the
 * kubeconfig's own credentials; discovery finds the common installs and says why the others failed.
 */
class PrometheusThroughServiceProxyTest {
  static final long STEP = 60;
  static final long END = 1_795_000_020L - (1_795_000_020L % STEP);
  static final long START = END - 86_400;

  @TempDir static Path dir;
  static LocalPrometheus prometheus;

  ServiceProxyApiServer api;
  KubernetesClient user;

  @BeforeAll
  static void start() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    OpenMetricsHistory h = new OpenMetricsHistory(START, END, STEP);
    h.counter("req_total", Map.of("job", "chat", "code", "500"), Rate.of(START, 0.5));
    h.counter("req_total", Map.of("job", "chat", "code", "200"), Rate.of(START, 9.5));
    Path om = dir.resolve("h.om");
    h.write(om);
    prometheus = LocalPrometheus.withHistory(dir.resolve("prom"), om);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @BeforeEach
  void apiServer() throws Exception {
    api = new ServiceProxyApiServer();
    Path kubeconfig =
        api.kubeconfig(Files.createTempFile(dir, "kc", ".yaml"), "prod", "oncall-t0k3n");
    user =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig("prod", Files.readString(kubeconfig), null))
            .build();
  }

  @AfterEach
  void close() {
    user.close();
    api.close();
  }

  @Test
  void kubePrometheusIsFoundAndAnswersThroughTheProxyAsItDoesDirectly() {
    api.service("monitoring", "prometheus-k8s", 9090, "web", Optional.of(prometheus.url()));
    // A second install elsewhere is not used: kube-prometheus comes first.
    api.service("metrics", "prometheus-server", 80, "http", Optional.of(prometheus.url()));

    PrometheusDiscovery.Found found =
        PrometheusDiscovery.discover(user, "prod", Duration.ofSeconds(5));

    assertThat(found.service()).isPresent();
    assertThat(found.service().get().shown()).isEqualTo("monitoring/prometheus-k8s:9090");
    assertThat(found.version()).isNotBlank();
    assertThat(found.summary("prod"))
        .isEqualTo(
            "prod: Prometheus "
                + found.version()
                + " at monitoring/prometheus-k8s:9090 (kube-prometheus), through the API server");
    PrometheusHttpClient proxied = found.api().orElseThrow();
    assertThat(proxied.describe())
        .isEqualTo(
            "monitoring/prometheus-k8s:9090 (kube-prometheus) through the API server of prod");

    PrometheusHttpClient direct = new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url()));
    Instant at = Instant.ofEpochSecond(END);
    String q = "sum by (code) (increase(req_total{job=\"chat\"}[1h]))";
    List<PromSample> viaProxy = proxied.instant(q, at).data();
    assertThat(viaProxy).hasSize(2);
    assertThat(viaProxy).isEqualTo(direct.instant(q, at).data());
    double errors =
        viaProxy.stream()
            .filter(s -> "500".equals(s.labels().get("code")))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(errors).isCloseTo(0.5 * 3600, within(1e-6));

    // A range query (a POST with a form body, answered gzipped) decodes to the same matrix.
    String rate = "sum(rate(req_total{job=\"chat\"}[5m]))";
    List<PromSeries> range =
        proxied.range(rate, at.minusSeconds(3600), at, Duration.ofMinutes(1)).data();
    assertThat(range).hasSize(1);
    assertThat(range.get(0).size()).isEqualTo(61);
    assertThat(range.get(0).values()[30]).isCloseTo(10.0, within(1e-9));
    PromSeries same =
        direct.range(rate, at.minusSeconds(3600), at, Duration.ofMinutes(1)).data().get(0);
    assertThat(range.get(0).timesMillis()).isEqualTo(same.timesMillis());
    assertThat(range.get(0).values()).isEqualTo(same.values());

    // The API server got the kubeconfig's token; nothing else was sent.
    assertThat(api.proxyAuthorizations).isNotEmpty().allMatch("Bearer oncall-t0k3n"::equals);

    // Prometheus's own errors come back through the proxy as Prometheus put them.
    PrometheusException bad =
        catchThrowableOfType(
            () -> proxied.instant("sum(rate(req_total[5m])", at), PrometheusException.class);
    assertThat(bad.kind()).isEqualTo(PrometheusException.Kind.BAD_REQUEST);
    assertThat(bad.errorType()).isEqualTo("bad_data");
    assertThat(bad.getMessage()).contains("unclosed left parenthesis");
    proxied.close();
  }

  @Test
  void withoutClusterWideListTheUsualNamespacesAreSearchedAndEachFailureIsNamed() {
    api.denyClusterWideServiceList();
    api.service("monitoring", "prometheus-operated", 9090, "web", Optional.empty());
    api.service("prometheus", "prometheus-server", 80, "http", Optional.of(prometheus.url()));

    PrometheusDiscovery.Found found =
        PrometheusDiscovery.discover(user, "prod", Duration.ofSeconds(5));

    assertThat(found.service().map(PrometheusService::shown))
        .contains("prometheus/prometheus-server:80");
    assertThat(found.tried())
        .anySatisfy(t -> assertThat(t).contains("may not list services in all namespaces"))
        .anySatisfy(
            t ->
                assertThat(t)
                    .startsWith("monitoring/prometheus-operated:9090: ")
                    .contains(
                        "the API server of prod cannot reach monitoring/prometheus-operated:9090")
                    .contains("no endpoints available for service \"prometheus-operated\""));
    assertThat(found.api().orElseThrow().buildInfo().version()).isEqualTo(found.version());
    found.api().get().close();
  }

  @Test
  void deniedProxyAndNoInstallAtAllSayWhatIsMissing() {
    api.service("monitoring", "prometheus-k8s", 9090, "web", Optional.of(prometheus.url()));
    api.denyProxyIn("monitoring");

    PrometheusDiscovery.Found found =
        PrometheusDiscovery.discover(user, "prod", Duration.ofSeconds(5));

    assertThat(found.api()).isEmpty();
    assertThat(found.summary("prod"))
        .startsWith("prod: no Prometheus found through the API server (")
        .contains(
            "monitoring/prometheus-k8s:9090: the API server of prod denied the proxy to"
                + " monitoring/prometheus-k8s:9090 (it needs get on services/proxy in namespace"
                + " monitoring)")
        .contains("cannot get resource \"services/proxy\"")
        .endsWith("pass --prometheus URL or --prometheus-service NAMESPACE/NAME:PORT");

    PrometheusHttpClient named =
        PrometheusHttpClient.throughServiceProxy(
            user,
            PrometheusService.parse("monitoring/prometheus-k8s:9090"),
            "prod",
            Duration.ofSeconds(5),
            1);
    PrometheusException denied = catchThrowableOfType(named::buildInfo, PrometheusException.class);
    assertThat(denied.kind()).isEqualTo(PrometheusException.Kind.UNAUTHORIZED);
    named.close();

    PrometheusHttpClient missing =
        PrometheusHttpClient.throughServiceProxy(
            user, PrometheusService.parse("obs/prom:9090"), "prod", Duration.ofSeconds(5), 1);
    PrometheusException notFound =
        catchThrowableOfType(missing::buildInfo, PrometheusException.class);
    assertThat(notFound.getMessage())
        .isEqualTo("no service obs/prom in prod: services \"prom\" not found");
    missing.close();

    try (ServiceProxyApiServer empty = new ServiceProxyApiServer()) {
      PrometheusDiscovery.Found none =
          PrometheusDiscovery.discover(empty.client(), "dev", Duration.ofSeconds(5));
      assertThat(none.summary("dev"))
          .isEqualTo(
              "dev: no Prometheus found through the API server (none of"
                  + " [monitoring/prometheus-k8s, */prometheus-operated, */prometheus-server]"
                  + " exists); pass --prometheus URL or --prometheus-service NAMESPACE/NAME:PORT");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anUnreachableApiServerIsSaidOnceNotOncePerCandidate() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (KubernetesClient down =
        new KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + closed)
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build())
            .build()) {
      PrometheusDiscovery.Found found =
          PrometheusDiscovery.discover(down, "gone", Duration.ofSeconds(2));
      assertThat(found.api()).isEmpty();
      assertThat(found.tried())
          .singleElement()
          .satisfies(t -> assertThat(t).startsWith("the API server did not answer: "));
    }
  }

  @Test
  void serviceSpecsAreReadOrRefusedWithTheExpectedForm() {
    PrometheusService s = PrometheusService.parse("https:monitoring/prometheus-k8s:web");
    assertThat(s.https()).isTrue();
    assertThat(s.proxyPath())
        .isEqualTo("/api/v1/namespaces/monitoring/services/https:prometheus-k8s:web/proxy");
    assertThat(
            catchThrowableOfType(
                () -> PrometheusService.parse("prometheus-k8s:9090"),
                IllegalArgumentException.class))
        .hasMessage(
            "expected NAMESPACE/SERVICE:PORT (e.g. monitoring/prometheus-k8s:9090), got"
                + " 'prometheus-k8s:9090'");
    assertThat(URI.create("http://x" + s.proxyPath()).getPath()).endsWith("/proxy");
  }
}
