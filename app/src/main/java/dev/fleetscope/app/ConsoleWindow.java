package dev.fleetscope.app;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.views.batch.BatchView;
import dev.fleetscope.views.batch.BatchViewModel;
import dev.fleetscope.views.cluster.NodesView;
import dev.fleetscope.views.cluster.NodesViewModel;
import dev.fleetscope.views.cluster.PodsView;
import dev.fleetscope.views.cluster.PodsViewModel;
import dev.fleetscope.views.cluster.WorkloadsView;
import dev.fleetscope.views.cluster.WorkloadsViewModel;
import dev.fleetscope.views.common.PulseCoalescer;
import dev.fleetscope.views.connect.ConnectDialog;
import dev.fleetscope.views.connect.ConnectViewModel;
import dev.fleetscope.views.gpumemory.GpuFleetViewModel;
import dev.fleetscope.views.gpumemory.GpuMemoryView;
import dev.fleetscope.views.gpumemory.GpuMemoryViewModel;
import dev.fleetscope.views.overview.OverviewView;
import dev.fleetscope.views.overview.OverviewViewModel;
import dev.fleetscope.views.probe.ProbeView;
import dev.fleetscope.views.probe.ProbeViewModel;
import dev.fleetscope.views.shell.AboutDialog;
import dev.fleetscope.views.shell.CrashDialog;
import dev.fleetscope.views.shell.Drill;
import dev.fleetscope.views.shell.MainWindow;
import dev.fleetscope.views.shell.Section;
import dev.fleetscope.views.shell.StatusViewModel;
import dev.fleetscope.views.shell.ThemeController;
import dev.fleetscope.views.slo.SloView;
import dev.fleetscope.views.slo.SloViewModel;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Builds the main window on a stage and wires its sections to the services. Used by the console,
 * the smoke test and the end-to-end tests alike.
 */
public final class ConsoleWindow {
  public static final double WIDTH = 1440;
  public static final double HEIGHT = 900;

  private final Stage stage;
  private final ConsoleServices services;
  private final PulseCoalescer pulse = new PulseCoalescer();
  private final ThemeController theme;
  private final MainWindow main;
  private final Runnable unregisterStatus;
  private final CompletableFuture<Long> firstFrame = new CompletableFuture<>();

  private ConsoleWindow(Stage stage, ConsoleServices services, Settings settings) {
    this.stage = stage;
    this.services = services;
    this.theme = new ThemeController(settings);
    theme.applySaved();
    StatusViewModel status =
        new StatusViewModel(
            services.fleet(), services.metrics(), services.problems(), services.clock());
    unregisterStatus = pulse.register(status::refresh);
    java.util.function.Consumer<Drill> drill = this::drill;
    List<Section> sections =
        List.of(
            new Section(
                "overview",
                "Fleet overview",
                () ->
                    new OverviewView(
                        new OverviewViewModel(services.fleet(), services.clock()),
                        pulse,
                        services.io(),
                        drill)),
            new Section(
                "slo",
                "SLOs",
                () ->
                    new SloView(
                        new SloViewModel(services.slo(), services.io(), Platform::runLater),
                        pulse,
                        services.io())),
            new Section(
                "batch",
                "Batch scheduler",
                () ->
                    new BatchView(
                        new BatchViewModel(services.batch(), services.io()), pulse, services.io())),
            new Section(
                "rollouts",
                "Gray releases",
                () ->
                    new dev.fleetscope.views.rollout.RolloutsView(
                        new dev.fleetscope.views.rollout.RolloutsViewModel(
                            services.rollouts(), Platform::runLater),
                        pulse,
                        services.io())),
            new Section(
                "ebpf",
                "eBPF traces",
                () -> {
                  dev.fleetscope.views.ebpf.EbpfViewModel model =
                      new dev.fleetscope.views.ebpf.EbpfViewModel(
                          services.ebpf(), services.io(), Platform::runLater);
                  dev.fleetscope.views.ebpf.EbpfView view =
                      new dev.fleetscope.views.ebpf.EbpfView(model, pulse, services.io());
                  services.commandLine().trace().file().ifPresent(model::open);
                  return view;
                }),
            new Section(
                "nodes",
                "Nodes",
                () ->
                    new NodesView(
                        new NodesViewModel(services.fleet(), services.clock()),
                        pulse,
                        services.io(),
                        services.clock(),
                        drill)),
            new Section(
                "workloads",
                "Workloads",
                () ->
                    new WorkloadsView(
                        new WorkloadsViewModel(
                            services.fleet(), services.clock(), Platform::runLater),
                        pulse,
                        services.io(),
                        services.clock(),
                        drill)),
            new Section(
                "pods",
                "Pods",
                () ->
                    new PodsView(
                        new PodsViewModel(services.fleet(), services.clock(), Platform::runLater),
                        pulse,
                        services.io(),
                        services.clock())),
            new Section(
                "probe",
                "GPU probe",
                () -> {
                  ProbeViewModel probe =
                      new ProbeViewModel(
                          services.probe(),
                          services.probeRuns(),
                          Platform::runLater,
                          services.clock());
                  CommandLine.ProbeOptions o = services.commandLine().probe();
                  probe.startWith(o.result(), o.workload(), o.allocators(), o.allocConf());
                  return new ProbeView(probe, services.io());
                }),
            new Section(
                "gpu-memory",
                "GPU memory",
                () -> {
                  GpuMemoryViewModel memory =
                      new GpuMemoryViewModel(
                          new GpuMemoryService(), services.io(), Platform::runLater);
                  GpuFleetViewModel fleetModel =
                      new GpuFleetViewModel(
                          services.gpuFleet(), services.io(), Platform::runLater, services.clock());
                  GpuMemoryView view = new GpuMemoryView(memory, fleetModel, services.io());
                  fleetModel.startPolling(services.io(), java.time.Duration.ofSeconds(15));
                  memory.start(services.commandLine().snapshot());
                  return view;
                }));
    main = new MainWindow(sections, status, theme, this::openConnect);
    // A connect reads for the section on screen first (ADR 0021).
    services.sectionOnScreen(main.currentSectionProperty().get());
    main.currentSectionProperty().addListener((o, was, now) -> services.sectionOnScreen(now));
    Scene scene = new Scene(main.root(), WIDTH, HEIGHT);
    scene
        .getStylesheets()
        .add(
            Objects.requireNonNull(
                    OverviewView.class.getResource("/dev/fleetscope/views/fleetscope.css"))
                .toExternalForm());
    main.installShortcuts(scene, this::openConnect);
    main.addAbout(scene, () -> AboutDialog.create(stage, About.collect(services.paths())).show());
    if ("gray-release".equals(services.commandLine().release().demoScenario())) {
      main.select("rollouts");
    }
    stage.setScene(scene);
    stage.setTitle(services.commandLine().demo() ? "Fleetscope — DEMO fleet" : "Fleetscope");
    stage.setMinWidth(960);
    stage.setMinHeight(600);
    Runnable onFirstLayout =
        new Runnable() {
          @Override
          public void run() {
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            firstFrame.complete(System.currentTimeMillis() - jvmStart);
            scene.removePostLayoutPulseListener(this);
          }
        };
    scene.addPostLayoutPulseListener(onFirstLayout);
    firstFrame.thenRun(services::preloadClients);
    pulse.start();
  }

  /**
   * Starts the FX toolkit, shows the console, starts connecting as the command line asks, and
   * returns once the window exists (not yet drawn: see {@link #firstFrameMillis()}). For the smoke
   * test and the start-up benchmark, which open the console exactly as the console itself does.
   */
  public static ConsoleWindow startAndConnect(ConsoleServices services, Settings settings)
      throws Exception {
    CompletableFuture<ConsoleWindow> opened = new CompletableFuture<>();
    Platform.startup(
        () -> {
          try {
            opened.complete(open(new Stage(), services, settings));
          } catch (RuntimeException | Error e) {
            opened.completeExceptionally(e);
          }
        });
    ConsoleWindow window = opened.get(60, java.util.concurrent.TimeUnit.SECONDS);
    window.connectAfterFirstFrame();
    return window;
  }

  /**
   * Connects as the command line asks once the first frame is on screen: starting the demo fleet or
   * probing clusters takes both cores of a small machine for a while, and the window should not
   * wait for it. Should no frame come within 3 s (a window that is never drawn), it connects then.
   */
  public void connectAfterFirstFrame() {
    java.util.concurrent.atomic.AtomicBoolean started =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable connect =
        () -> {
          if (started.compareAndSet(false, true)) {
            services.io().execute(services::connectInitial);
          }
        };
    firstFrame.thenRun(connect);
    CompletableFuture.delayedExecutor(3, java.util.concurrent.TimeUnit.SECONDS).execute(connect);
  }

  /** Shows the console on a stage; call on the FX thread. */
  public static ConsoleWindow open(Stage stage, ConsoleServices services, Settings settings) {
    ConsoleWindow w = new ConsoleWindow(stage, services, settings);
    stage.show();
    return w;
  }

  private javafx.scene.control.Dialog<Void> crashDialog;

  /**
   * Shows a crash report (from any thread). One dialog at a time: reports that come while one is
   * open are saved all the same and listed in the log.
   */
  public void showCrash(CrashReports.Report report) {
    Platform.runLater(
        () -> {
          if (crashDialog != null && crashDialog.isShowing()) {
            return;
          }
          crashDialog =
              CrashDialog.create(stage, report.summary(), report.text(), report.file().toString());
          crashDialog.show();
        });
  }

  private void drill(Drill d) {
    main.drill(d);
  }

  private void openConnect() {
    ConnectViewModel model =
        new ConnectViewModel(
            services.kubeconfigReader(),
            services.commandLine().kubeconfig(),
            services.commandLine().prometheus(),
            services.io(),
            Platform::runLater);
    new ConnectDialog(model, stage).ask().ifPresent(services::connectAsync);
  }

  /** Milliseconds from JVM start to the first laid-out frame of the window. */
  public CompletableFuture<Long> firstFrameMillis() {
    return firstFrame;
  }

  public MainWindow mainWindow() {
    return main;
  }

  public ThemeController theme() {
    return theme;
  }

  public Stage stage() {
    return stage;
  }

  public PulseCoalescer pulse() {
    return pulse;
  }

  /** Closes the sections and stops per-pulse work; the caller closes the services. */
  public void close() {
    pulse.stop();
    unregisterStatus.run();
    main.close();
  }
}
