package dev.fleetscope.app;

import dev.fleetscope.app.bench.Benchmarks;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.cluster.ConnectionState;
import dev.fleetscope.services.cluster.FleetOverview;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Entry point: parses the command line and runs the console, the smoke test or an export. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (CommandLine.UsageException e) {
      System.err.println("fleetscope: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cli.mode() == CommandLine.Mode.HELP) {
      System.out.print(CommandLine.USAGE);
      return;
    }
    if (cli.mode() == CommandLine.Mode.VERSION) {
      System.out.println("fleetscope " + Version.current());
      return;
    }
    AppPaths paths =
        AppPaths.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    System.setProperty("fleetscope.log.dir", paths.logDir().toString());
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    ErrorCollector errors = ErrorCollector.install();
    CrashReports crashes = new CrashReports(paths, Clock.systemUTC()).install();
    Logger log = LoggerFactory.getLogger(Main.class);
    log.info(
        "Fleetscope {} starting: mode {}, demo {}, log {}",
        Version.current(),
        cli.mode(),
        cli.demo(),
        paths.logFile());
    int code;
    try {
      code =
          switch (cli.mode()) {
            case GUI -> gui(cli, paths, crashes);
            case SMOKE_TEST -> smoke(cli, paths, errors);
            case EXPORT -> export(cli, paths);
            case BENCH -> Benchmarks.run(cli, paths);
            case DEMO_SERVE -> DemoServe.run(cli, paths);
            default -> 0;
          };
    } catch (UnsupportedOperationException e) {
      log.error("cannot open a window", e);
      System.err.println(
          "fleetscope: cannot open a window ("
              + e.getMessage()
              + "). On Linux it needs a desktop with GTK 3, or run it under xvfb-run.");
      code = 1;
    } catch (Exception e) {
      log.error("fleetscope failed", e);
      System.err.println("fleetscope: " + e.getMessage() + " (details in " + paths.logFile() + ")");
      code = 1;
    }
    if (cli.mode() != CommandLine.Mode.GUI || code != 0) {
      System.exit(code);
    }
  }

  private static int gui(CommandLine cli, AppPaths paths, CrashReports crashes) {
    ConsoleServices services = new ConsoleServices(cli, paths, Clock.systemUTC());
    Settings settings = new Settings(paths.settingsFile(), services.io());
    Platform.startup(
        () -> {
          Stage stage = new Stage();
          ConsoleWindow window = ConsoleWindow.open(stage, services, settings);
          crashes.onReport(window::showCrash);
          stage.setOnHidden(
              e -> {
                window.close();
                services.close();
                Platform.exit();
                // Client libraries keep non-daemon threads; the console is done.
                System.exit(0);
              });
          window.connectAfterFirstFrame();
        });
    return 0;
  }

  private static int smoke(CommandLine cli, AppPaths paths, ErrorCollector errors)
      throws Exception {
    ConsoleServices services = new ConsoleServices(cli, paths, Clock.systemUTC());
    Settings settings = new Settings(paths.settingsFile(), services.io());
    return SmokeTest.run(services, settings, cli.smokeTestDir().orElseThrow(), errors);
  }

  /** Prints a section's data with no window, once every cluster has answered or failed. */
  private static int export(CommandLine cli, AppPaths paths) throws Exception {
    if (cli.exportSection().equals("probe")) {
      // The probe needs no cluster: no demo fleet is started for it.
      return ProbeExport.run(cli, System.out, System.err);
    }
    if (cli.exportSection().equals("gpu-memory")) {
      return SnapshotExport.run(cli, System.out, System.err);
    }
    if (cli.exportSection().equals("ebpf")) {
      return EbpfExport.run(cli, System.out, System.err);
    }
    try (ConsoleServices services = new ConsoleServices(cli, paths, Clock.systemUTC())) {
      CompletableFuture.runAsync(services::connectInitial, services.io()).get(60, TimeUnit.SECONDS);
      if (cli.exportSection().equals("batch")) {
        boolean read = services.awaitBatch(java.time.Duration.ofSeconds(60));
        if (read) {
          // Rates need two rounds: the second comes a few seconds after the first.
          Thread.sleep(BatchService.FIRST_GAP.toMillis() + 1_000);
        }
        var board = services.batch().board();
        boolean json = cli.exportFormat() == CommandLine.ExportFormat.JSON;
        System.out.print(json ? BatchExport.json(board) : BatchExport.markdown(board));
        if (!read) {
          System.err.println("fleetscope: replicas and queues were not read within 60 s");
          return 3;
        }
        return 0;
      }
      if (cli.exportSection().equals("rollouts")) {
        boolean read = services.awaitRollouts(java.time.Duration.ofSeconds(60));
        if (read && cli.demo()) {
          // The demo's controller writes the new revision's status within a tick: read again.
          Thread.sleep(RolloutService.PERIOD.toMillis() + 1_000);
        }
        var board = services.rollouts().board();
        boolean json = cli.exportFormat() == CommandLine.ExportFormat.JSON;
        System.out.print(json ? RolloutExport.json(board) : RolloutExport.markdown(board));
        if (!read) {
          System.err.println("fleetscope: rollouts were not read within 60 s");
          return 3;
        }
        return 0;
      }
      if (cli.exportSection().equals("slo")) {
        boolean judged = services.awaitSlos(java.time.Duration.ofSeconds(60));
        var boards = services.slo().boards();
        Instant at = services.slo().evaluationTime();
        boolean json = cli.exportFormat() == CommandLine.ExportFormat.JSON;
        System.out.print(
            json
                ? SloExport.json(boards, at, services.slo().fixedTime())
                : SloExport.markdown(boards, at, services.slo().fixedTime()));
        if (boards.isEmpty()) {
          System.err.println(
              "fleetscope: no SLO source: no Prometheus was given (--prometheus URL or"
                  + " --prometheus-service NAMESPACE/NAME:PORT) or found behind the clusters'"
                  + " services; or use the demo");
          return 3;
        }
        if (!judged) {
          System.err.println("fleetscope: SLO sources did not answer within 60 s");
          return 3;
        }
        return boards.stream().anyMatch(b -> b.stale()) ? 3 : 0;
      }
      long deadline = System.currentTimeMillis() + 60_000;
      FleetOverview o = services.fleet().snapshot();
      while (System.currentTimeMillis() < deadline && !(ready(o))) {
        Thread.sleep(100);
        o = services.fleet().snapshot();
      }
      if (!ready(o)) {
        System.err.println(
            "fleetscope: clusters did not answer within 60 s; exporting what" + " is known");
      }
      boolean json = cli.exportFormat() == CommandLine.ExportFormat.JSON;
      String out =
          switch (cli.exportSection()) {
            case "nodes" ->
                json
                    ? ClusterExport.nodesJson(services.fleet().state())
                    : ClusterExport.nodesMarkdown(services.fleet().state());
            case "workloads" ->
                json
                    ? ClusterExport.workloadsJson(services.fleet().state())
                    : ClusterExport.workloadsMarkdown(services.fleet().state());
            default -> json ? OverviewExport.json(o) : OverviewExport.markdown(o);
          };
      System.out.print(out);
      return ready(o) ? 0 : 3;
    }
  }

  private static boolean ready(FleetOverview o) {
    return !o.clusters().isEmpty()
        && o.settled()
        && o.clusters().stream().noneMatch(c -> c.status().state() == ConnectionState.CONNECTING);
  }
}
