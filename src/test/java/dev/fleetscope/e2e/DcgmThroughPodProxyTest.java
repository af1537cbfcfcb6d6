package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fleetscope.services.gpufleet.GpuReading;
import dev.fleetscope.services.gpufleet.adapter.DcgmPodScraper;
import dev.fleetscope.views.gpumemory.GpuMemoryView;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * With no Prometheus, GPUs come from the DCGM exporter pods, read through the API server's pod
 * proxy with the kubeconfig's credentials: two exporters (the GPU operator's and the Helm chart's
 * labels, newer and older label spellings), one in a namespace where the proxy is denied.
 */
class DcgmThroughPodProxyTest {
  @TempDir Path home;
  ServiceProxyApiServer api;
  HttpServer exporters;
  Path kubeconfig;
  SectionWindow window;

  static String page(String host, String uuid, String podLabels, double used, double util) {
    String labels =
        "gpu=\"0\",UUID=\""
            + uuid
            + "\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\""
            + host
            + "\",DCGM_FI_DRIVER_VERSION=\"550.54.15\""
            + podLabels;
    return "# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).\n"
        + "# TYPE DCGM_FI_DEV_FB_USED gauge\n"
        + "DCGM_FI_DEV_FB_USED{"
        + labels
        + "} "
        + used
        + "\n# HELP DCGM_FI_DEV_FB_FREE Framebuffer memory free (in MiB).\n"
        + "# TYPE DCGM_FI_DEV_FB_FREE gauge\n"
        + "DCGM_FI_DEV_FB_FREE{"
        + labels
        + "} "
        + (81559 - used)
        + "\n# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\n"
        + "# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n"
        + "DCGM_FI_DEV_GPU_UTIL{"
        + labels
        + "} "
        + util
        + "\n";
  }

  @BeforeEach
  void cluster() throws Exception {
    exporters = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, String> pages =
        Map.of(
            "/a/metrics",
            page(
                "gpu-node-a",
                "GPU-aaaa",
                ",container=\"vllm\",namespace=\"serving\",pod=\"llama-0\"",
                70000,
                91),
            "/b/metrics",
            page("gpu-node-b", "GPU-bbbb", ",pod_namespace=\"embed\",pod_name=\"bge-0\"", 20000, 1),
            "/c/metrics",
            page("gpu-node-c", "GPU-cccc", "", 0, 0));
    exporters.createContext(
        "/",
        x -> {
          String body = pages.get(x.getRequestURI().getPath());
          byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          x.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          x.getResponseBody().write(bytes);
          x.close();
        });
    exporters.start();
    String base = "http://127.0.0.1:" + exporters.getAddress().getPort();
    api = new ServiceProxyApiServer();
    api.pod(
        "gpu-operator",
        "nvidia-dcgm-exporter-7xk2p",
        Map.of("app", "nvidia-dcgm-exporter"),
        9400,
        URI.create(base + "/a"));
    api.pod(
        "monitoring",
        "dcgm-exporter-q8r4t",
        Map.of("app.kubernetes.io/name", "dcgm-exporter"),
        9400,
        URI.create(base + "/b"));
    api.pod(
        "locked",
        "dcgm-exporter-zz9",
        Map.of("app.kubernetes.io/name", "dcgm-exporter"),
        9400,
        URI.create(base + "/c"));
    api.pod("serving", "llama-0", Map.of("app", "llama"), 8000, URI.create(base + "/none"));
    api.denyProxyIn("locked");
    kubeconfig = api.kubeconfig(home.resolve("kubeconfig.yaml"), "prod", "oncall-t0k3n");
  }

  @AfterEach
  void close() throws Exception {
    if (window != null) {
      window.close();
    }
    api.close();
    exporters.stop(0);
  }

  @Test
  void everyReadableExporterIsReadAndTheDeniedOneIsNamed() throws Exception {
    try (KubernetesClient user =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig("prod", Files.readString(kubeconfig), null))
                .build();
        DcgmPodScraper scraper = new DcgmPodScraper("prod", user)) {
      DcgmPodScraper.Round round = scraper.read();
      assertThat(round.exporters()).isEqualTo(3);
      Map<String, GpuReading> byUuid =
          round.gpus().stream().collect(Collectors.toMap(GpuReading::uuid, g -> g));
      assertThat(byUuid).containsOnlyKeys("GPU-aaaa", "GPU-bbbb");
      assertThat(byUuid.get("GPU-aaaa").cluster()).isEqualTo("prod");
      assertThat(byUuid.get("GPU-aaaa").pod()).isEqualTo("llama-0");
      assertThat(byUuid.get("GPU-aaaa").fbUsedMiB()).isEqualTo(70000);
      assertThat(byUuid.get("GPU-bbbb").pod()).isEqualTo("bge-0");
      assertThat(byUuid.get("GPU-bbbb").namespace()).isEqualTo("embed");
      assertThat(byUuid.get("GPU-bbbb").host()).isEqualTo("gpu-node-b");
      assertThat(round.problems())
          .containsExactly(
              "prod: exporter locked/dcgm-exporter-zz9: HTTP 403 from the pod proxy (no access to"
                  + " get pods/proxy)");
      assertThat(api.proxyAuthorizations).isNotEmpty().allMatch("Bearer oncall-t0k3n"::equals);
    }
  }

  @Test
  void theConsoleWithoutPrometheusShowsTheExportersGpus() throws Exception {
    FxToolkit.registerPrimaryStage();
    window = SectionWindow.openConnected(home, "gpu-memory", "--kubeconfig", kubeconfig.toString());
    GpuMemoryView view = onFx(() -> (GpuMemoryView) window.view());
    await(() -> onFx(() -> view.grid().rowCount()) == 2);
    assertThat(window.label("#gpu-fleet-status"))
        .startsWith("2 GPUs from the DCGM exporter pods (through the API server of prod)");
    assertThat(window.label("#gpu-fleet-status")).contains("2 held by pods");
  }
}
