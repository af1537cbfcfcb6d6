package dev.fleetscope.e2e;

import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.await;
import static dev.fleetscope.e2e.ConsoleOnDemoFleetTest.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.ebpf.LocalTraceTarget;
import dev.fleetscope.views.ebpf.EbpfViewModel;
import dev.fleetscope.views.ebpf.TraceControl;
import dev.fleetscope.views.widgets.CanvasTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The eBPF section in the real console: the demo plays a recorded stream, labelled as recorded; on
 * this host a live bpftrace run through the section's own controls fills the histogram, the events
 * and the recording.
 */
class EbpfSectionTest {
  @TempDir Path home;
  final FxRobot robot = new FxRobot();

  @org.junit.jupiter.api.BeforeAll
  static void toolkit() throws Exception {
    org.testfx.api.FxToolkit.registerPrimaryStage();
  }

  @SuppressWarnings("unchecked")
  private <T> CanvasTable<T> table(String id) throws Exception {
    return onFx(() -> (CanvasTable<T>) robot.lookup(id).query());
  }

  @SuppressWarnings("unchecked")
  private ComboBox<TraceControl.Target> targets() throws Exception {
    return onFx(() -> (ComboBox<TraceControl.Target>) robot.lookup("#ebpf-target").query());
  }

  @Test
  void theDemoPlaysARecordingLabelledAsRecorded() throws Exception {
    try (SectionWindow w = SectionWindow.openConnected(home, "ebpf", "--demo-speed", "50")) {
      await(
          () -> w.label("#ebpf-status").startsWith("Replay finished"),
          () -> w.label("#ebpf-status"),
          60);
      assertThat(w.label("#ebpf-source")).startsWith("RECORDED · CPU run-queue latency");
      // Only the tab on screen is kept up to date; it catches up when it is selected.
      w.showSubView("glitches");
      CanvasTable<EbpfViewModel.GlitchRow> glitches = table("#ebpf-glitches");
      await(() -> onFx(() -> !glitches.visibleRows().isEmpty()));
      List<EbpfViewModel.GlitchRow> rows = onFx(glitches::visibleRows);
      assertThat(rows).isNotEmpty();
      assertThat(rows.get(0).cause().label).isEqualTo("run-queue wait");
      assertThat(rows.get(0).row().event().latencyMs())
          .isGreaterThanOrEqualTo(rows.get(rows.size() - 1).row().event().latencyMs());
      // The demo's nodes are listed but cannot run bpftrace, and say so.
      List<TraceControl.Target> all = onFx(() -> List.copyOf(targets().getItems()));
      assertThat(all)
          .anySatisfy(
              t -> {
                assertThat(t.kind()).isEqualTo(TraceControl.Target.Kind.NODE);
                assertThat(t.unavailable())
                    .hasValueSatisfying(u -> assertThat(u).contains("simulated"));
              });
      assertThat(all).filteredOn(t -> t.kind() == TraceControl.Target.Kind.RECORDING).hasSize(6);
      // Ctrl+F filters events across everything kept, not just the rows shown.
      w.showSubView("events");
      CanvasTable<EbpfViewModel.EventRow> events = table("#ebpf-events");
      onFx(
          () -> {
            events.searchField().setText("cpu=0");
            return null;
          });
      await(
          () ->
              onFx(
                  () ->
                      !events.visibleRows().isEmpty()
                          && events.visibleRows().stream()
                              .allMatch(r -> r.event().detail().contains("cpu=0"))));
    }
  }

  @Test
  void readOnlyModeOffersNoNodes() throws Exception {
    try (SectionWindow w =
        SectionWindow.openConnected(home, "ebpf", "--read-only", "--demo-speed", "50")) {
      List<TraceControl.Target> all = onFx(() -> List.copyOf(targets().getItems()));
      assertThat(all).isNotEmpty().noneMatch(t -> t.kind() == TraceControl.Target.Kind.NODE);
    }
  }

  @Test
  void aLiveTraceOfThisHostFillsTheSectionAndIsRecorded() throws Exception {
    Optional<String> why = new LocalTraceTarget(Optional.empty()).unavailable();
    CiRequirements.require(why.isEmpty(), "bpftrace with root (" + why.orElse("") + ")");
    try (SectionWindow w = SectionWindow.openConnected(home, "ebpf", "--demo-speed", "50")) {
      await(
          () -> w.label("#ebpf-status").startsWith("Replay finished"),
          () -> w.label("#ebpf-status"),
          60);
      onFx(
          () -> {
            ComboBox<TraceControl.Target> t = targets();
            t.setValue(
                t.getItems().stream()
                    .filter(x -> x.kind() == TraceControl.Target.Kind.HOST)
                    .findFirst()
                    .orElseThrow());
            ((TextField) robot.lookup("#ebpf-duration").query()).setText("4");
            ((TextField) robot.lookup("#ebpf-threshold").query()).setText("1");
            ((TextField) robot.lookup("#ebpf-pid").query())
                .setText(Long.toString(ProcessHandle.current().pid()));
            return null;
          });
      AtomicBoolean stop = new AtomicBoolean();
      Thread[] spinners = new Thread[Runtime.getRuntime().availableProcessors() * 3];
      for (int i = 0; i < spinners.length; i++) {
        spinners[i] =
            new Thread(
                () -> {
                  long x = 0;
                  while (!stop.get()) {
                    x += System.nanoTime() & 1;
                  }
                },
                "spin-" + i);
        spinners[i].start();
      }
      try {
        w.press("#ebpf-start");
        await(
            () -> w.label("#ebpf-source").startsWith("LIVE · This host"),
            () -> w.label("#ebpf-source"),
            30);
        await(
            () -> w.label("#ebpf-status").startsWith("Finished"),
            () -> w.label("#ebpf-status") + " / " + w.label("#ebpf-problem"),
            90);
      } finally {
        stop.set(true);
      }
      w.showSubView("events");
      CanvasTable<EbpfViewModel.EventRow> events = table("#ebpf-events");
      onFx(
          () -> {
            events.searchField().setText("");
            return null;
          });
      await(() -> onFx(() -> !events.visibleRows().isEmpty()));
      List<EbpfViewModel.EventRow> rows = onFx(events::visibleRows);
      assertThat(rows)
          .allSatisfy(
              r -> {
                assertThat(r.event().kind()).isEqualTo("runq");
                assertThat(r.event().pid()).isEqualTo((int) ProcessHandle.current().pid());
              });
      Path traces = home.resolve("state").resolve("traces");
      try (var files = Files.list(traces)) {
        Path recording =
            files.filter(p -> p.toString().endsWith("-runqlat.jsonl")).findFirst().orElseThrow();
        List<String> lines = Files.readAllLines(recording);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("{\"type\": \"hist\""));
        assertThat(lines.stream().filter(l -> l.contains("ev=runq")).count())
            .isGreaterThanOrEqualTo(rows.size());
      }
      assertThat(w.shown("#ebpf-problem")).isFalse();
    }
  }
}
