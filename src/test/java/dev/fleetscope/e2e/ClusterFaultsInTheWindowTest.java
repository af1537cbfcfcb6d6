package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.ConsoleServices;
import dev.fleetscope.app.ConsoleWindow;
import dev.fleetscope.app.Settings;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.cluster.WorkloadRow;
import dev.fleetscope.views.widgets.DataTable;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The real window on a cluster that refuses to list pods (403) and whose Deployments watch fails
 * every time (500 after a good list), served by fabric8's mock API server: the Pods section says
 * "no access" in words, the Workloads section marks its data stale with the cause, and the data
 * that was listed stays on screen.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterFaultsInTheWindowTest {
  private static final String FORBIDDEN =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,"
          + "\"reason\":\"Forbidden\",\"message\":\"pods is forbidden: User \\\"oncall\\\" cannot"
          + " list resource \\\"pods\\\" in API group \\\"\\\" at the cluster scope\"}";

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path home;

  private ConsoleServices services;
  private ConsoleWindow window;
  private final FxRobot robot = new FxRobot();

  @BeforeEach
  void connect() throws Exception {
    server.expect().get().withPath("/api/v1/pods?limit=500").andReturn(403, FORBIDDEN).always();
    server
        .expect()
        .get()
        .withPath("/apis/apps/v1/deployments?limit=500")
        .andReturn(
            200,
            new DeploymentListBuilder()
                .withMetadata(new ListMetaBuilder().withResourceVersion("41").build())
                .withItems(
                    new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("llama-chat")
                        .withNamespace("serving")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(2)
                        .withNewSelector()
                        .addToMatchLabels("app", "llama-chat")
                        .endSelector()
                        .endSpec()
                        .build())
                .build())
        .always();
    server
        .expect()
        .get()
        .withPath(
            "/apis/apps/v1/deployments?allowWatchBookmarks=true&resourceVersion=41"
                + "&timeoutSeconds=600&watch=true")
        .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd timeout\"}")
        .always();
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("gpu-1").endMetadata().build())
        .create();

    Path kubeconfig =
        ServiceProxyApiServer.kubeconfig(
            home.resolve("kubeconfig.yaml"),
            client.getConfiguration().getMasterUrl(),
            "mock",
            "secret-token");
    AppPaths paths = new AppPaths(home.resolve("config"), home.resolve("state"));
    services =
        new ConsoleServices(
            CommandLine.parse("--kubeconfig", kubeconfig.toString(), "--context", "mock"),
            paths,
            Clock.systemUTC());
    services.connectInitial();
    FxToolkit.registerPrimaryStage();
    Settings settings = new Settings(paths.settingsFile(), services.io());
    FxToolkit.setupFixture(() -> window = ConsoleWindow.open(new Stage(), services, settings));
  }

  @AfterEach
  void close() throws Exception {
    FxToolkit.setupFixture(
        () -> {
          window.close();
          window.stage().hide();
        });
    services.close();
  }

  @Test
  void noAccessAndStaleWatchesAreSaidInWordsAndListedDataStays() throws Exception {
    onFx(() -> window.mainWindow().select("pods"));
    await(() -> onFx(() -> notices().stream().anyMatch(n -> n.contains("no access"))));
    assertThat(onFx(this::notices))
        .contains("mock: no access: list pods in any namespace")
        .noneMatch(n -> n.contains("Exception") || n.contains("\tat "));

    onFx(() -> window.mainWindow().select("workloads"));
    await(() -> onFx(() -> notices().stream().anyMatch(n -> n.contains("STALE"))));
    assertThat(onFx(this::notices))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("mock: deployments STALE since ")
                    .contains("watch failed: the API server answered HTTP 500")
                    .contains("retrying in"));
    DataTable<WorkloadRow> workloads = table("#workloads-table");
    assertThat(onFx(workloads::visibleRows))
        .extracting(r -> r.workload().name())
        .containsExactly("llama-chat");
    // The cluster itself answers: its row is not marked unreachable.
    assertThat(robot.lookup("#status-clusters").queryAs(Label.class).getText())
        .contains("1/1 live");
  }

  private List<String> notices() {
    return robot.lookup(".scope-notice").queryAllAs(Label.class).stream()
        .filter(Label::isVisible)
        .map(Label::getText)
        .toList();
  }

  /**
   * The table once it is in the scene graph: a SplitPane shows its items only once its skin is
   * made, at the first pulse after the section opened.
   */
  @SuppressWarnings("unchecked")
  private <T> DataTable<T> table(String id) throws Exception {
    await(() -> onFx(() -> robot.lookup(id).tryQuery().isPresent()));
    return (DataTable<T>) robot.lookup(id).query();
  }
}
