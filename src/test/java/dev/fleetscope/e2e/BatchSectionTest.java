package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetscope.services.batch.BatchJob;
import dev.fleetscope.services.metrics.TimeSeries;
import dev.fleetscope.views.batch.BatchView;
import dev.fleetscope.views.batch.ReplicaRow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** The batch section in the real console on the demo fleet (pod proxy scrapes, Kueue, Volcano). */
class BatchSectionTest {
  @TempDir Path home;
  SectionWindow window;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void close() throws Exception {
    if (window != null) {
      window.close();
    }
  }

  @Test
  void saturatedReplicasComeFirstWithTheirReasonAndPendingJobsSayWhyTheyWait() throws Exception {
    window = SectionWindow.openConnected(home, "batch", "--demo-seed", "5");
    BatchView view = onFx(() -> (BatchView) window.view());
    // Rates need the second round, a few seconds after the first.
    await(
        () ->
            onFx(
                () -> {
                  List<ReplicaRow> rows = view.replicasTable().visibleRows();
                  return !rows.isEmpty()
                      && rows.get(0).state() != null
                      && rows.get(0).state().scrapedAt() != null
                      && !Double.isNaN(
                          rows.get(0)
                              .state()
                              .figure(dev.fleetscope.services.batch.Figure.GENERATION_RATE));
                }));
    List<ReplicaRow> rows = onFx(() -> view.replicasTable().visibleRows());
    ReplicaRow first = rows.get(0);
    assertThat(first.badge().text()).isEqualTo("saturated");
    assertThat(first.key().pod()).startsWith("llama-3-1-70b-chat");
    assertThat(first.key().cluster()).isEqualTo("demo-us-east");
    assertThat(rows).anyMatch(r -> r.badge().text().equals("ok"));
    assertThat(window.label("#batch-summary"))
        .matches("\\d+ replicas · \\d+ saturated \\(\\d+ memory-bound\\) · .*")
        .contains("from the pod proxy of demo-us-east, demo-eu-west");
    // Selecting the first (saturated) replica shows its verdict, facts and timelines.
    onFx(
        () -> {
          view.replicasTable().tableView().getSelectionModel().select(first);
          return null;
        });
    await(() -> window.label("#batch-verdict").contains("memory-bound"));
    assertThat(window.label("#batch-verdict"))
        .containsPattern("\\d+ requests waiting while KV cache at \\d+%");
    assertThat(window.label("#batch-detail-title"))
        .startsWith("demo-us-east/llm-serving/llama-3-1-70b-chat");
    assertThat(window.label("#batch-facts")).contains("Queue time").contains("Tokens / iteration");
    await(() -> onFx(() -> view.charts().get(0).series().get(1).size()) >= 2);

    // Filtering the replicas by model keeps only that model.
    onFx(
        () -> {
          view.replicasTable().searchField().setText("bge-m3");
          return null;
        });
    assertThat(onFx(() -> view.replicasTable().visibleRows()))
        .isNotEmpty()
        .allMatch(r -> r.model().equals("BAAI/bge-m3"));

    // Models: one row per model and cluster, added up from the replicas; Enter shows its replicas.
    onFx(
        () -> {
          view.replicasTable().searchField().setText("");
          view.showSubView("models");
          return null;
        });
    // Both tables in one look, so a refresh cannot fall between them.
    var both =
        onFx(
            () ->
                java.util.Map.entry(
                    view.replicasTable().visibleRows(), view.modelsTable().visibleRows()));
    List<ReplicaRow> all = both.getKey();
    dev.fleetscope.views.batch.ModelRow top = both.getValue().get(0);
    List<ReplicaRow> ofTop =
        all.stream()
            .filter(r -> r.key().cluster().equals(top.cluster()) && r.model().equals(top.model()))
            .toList();
    assertThat(top.cluster()).isEqualTo("demo-us-east");
    assertThat(top.model()).isEqualTo(first.model());
    assertThat(top.replicas()).isEqualTo(ofTop.size());
    assertThat(top.saturated())
        .isPositive()
        .isEqualTo((int) ofTop.stream().filter(r -> r.badge().text().equals("saturated")).count());
    assertThat(top.waiting())
        .isEqualTo(
            ofTop.stream()
                .mapToDouble(r -> r.figure(dev.fleetscope.services.batch.Figure.WAITING))
                .sum(),
            org.assertj.core.data.Offset.offset(0.01));
    assertThat(both.getValue().size())
        .isEqualTo(
            (int) all.stream().map(r -> r.key().cluster() + "/" + r.model()).distinct().count());
    onFx(
        () -> {
          var t = view.modelsTable().tableView();
          t.getSelectionModel().select(0);
          t.fireEvent(
              new javafx.scene.input.KeyEvent(
                  javafx.scene.input.KeyEvent.KEY_PRESSED,
                  "",
                  "",
                  javafx.scene.input.KeyCode.ENTER,
                  false,
                  false,
                  false,
                  false));
          return null;
        });
    assertThat(onFx(() -> view.replicasTable().visibleRows()))
        .isNotEmpty()
        .allMatch(r -> r.model().equals(top.model()) && r.key().cluster().equals(top.cluster()));
    onFx(
        () -> {
          view.replicasTable().searchField().setText("");
          return null;
        });

    // Queues: both Kueue versions and Volcano; waiting jobs first, each with its reason.
    onFx(
        () -> {
          view.showSubView("queues");
          return null;
        });
    await(() -> onFx(() -> view.jobsTable().visibleRows().size()) > 10);
    assertThat(window.label("#batch-queue-summary"))
        .contains("demo-us-east: Kueue v1beta2")
        .contains("demo-eu-west: Kueue v1beta1 + Volcano");
    List<BatchJob> jobs = onFx(() -> view.jobsTable().visibleRows());
    assertThat(jobs.get(0).state().waiting()).isTrue();
    assertThat(jobs)
        .filteredOn(j -> j.name().equals("ft-llama-3-1-70b-dpo"))
        .singleElement()
        .satisfies(
            j -> assertThat(j.message()).contains("insufficient unused quota", "4 more needed"));
    onFx(
        () -> {
          view.jobsTable().searchField().setText("InCohortReclamation");
          return null;
        });
    assertThat(onFx(() -> view.jobsTable().visibleRows()))
        .singleElement()
        .satisfies(j -> assertThat(j.state()).isEqualTo(BatchJob.State.PREEMPTED));
    assertThat(onFx(() -> view.queuesTable().visibleRows()))
        .anyMatch(
            q ->
                q.kind().equals("ClusterQueue")
                    && q.name().equals("fine-tuning")
                    && q.gpuUsed() == 12)
        .anyMatch(q -> q.kind().equals("Queue") && q.name().equals("training"));

    // Timelines: the queue with most waiting is in focus; with no Prometheus, its points are the
    // console's own reads, one per round.
    await(() -> onFx(() -> view.queueCharts().get(0).series().size() == 3));
    assertThat(window.label("#batch-queue-title"))
        .isEqualTo("Kueue ClusterQueue fine-tuning  ·  demo-us-east");
    assertThat(window.label("#batch-queue-note")).startsWith("From the console's own reads");
    List<TimeSeries> workloads = onFx(() -> view.queueCharts().get(0).series());
    assertThat(workloads)
        .extracting(TimeSeries::name)
        .containsExactly("pending", "reserving", "admitted");
    assertThat(workloads.get(0).last()).isEqualTo(2);
    assertThat(onFx(() -> view.queueCharts().get(1).series()))
        .extracting(TimeSeries::name, TimeSeries::last)
        .containsExactly(tuple("GPUs used", 12.0), tuple("GPU quota", 16.0));
    // Choosing the Volcano queue shows its pod-group counts.
    onFx(
        () -> {
          view.jobsTable().searchField().setText("");
          view.queuesTable().searchField().setText("Volcano");
          view.queuesTable().tableView().getSelectionModel().select(0);
          return null;
        });
    await(
        () ->
            onFx(
                () ->
                    view.queueCharts().get(0).series().stream()
                        .map(TimeSeries::name)
                        .toList()
                        .equals(List.of("pending", "inqueue", "running"))));
    assertThat(window.label("#batch-queue-title"))
        .isEqualTo("Volcano Queue training  ·  demo-eu-west");
    assertThat(onFx(() -> view.queueCharts().get(1).series().get(0).last())).isEqualTo(8);
  }
}
