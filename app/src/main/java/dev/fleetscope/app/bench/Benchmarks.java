package dev.fleetscope.app.bench;

import dev.fleetscope.app.AppPaths;
import dev.fleetscope.app.cli.CommandLine;
import java.util.Locale;

/**
 * {@code fleetscope bench NAME}: benchmarks that need the real toolkit and the real app, run by the
 * scripts in bench/ and recorded in docs/benchmarks.md. Each prints lines starting with {@code
 * RESULT}.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static int run(CommandLine cli, AppPaths paths) throws Exception {
    return switch (cli.benchName()) {
      case "minimal-window" -> MinimalWindow.run();
      case "console-first-frame" -> ConsoleFirstFrame.run(cli, paths);
      case "large-fleet" -> LargeFleet.run(cli, paths);
      case "cluster-scale" -> ClusterScale.run(cli, paths);
      case "batch-scale" -> BatchScale.run(cli, paths);
      case "exposition-parse" -> ExpositionBench.run();
      case "slo-refresh" -> SloBench.refresh();
      case "prom-range-decode" -> SloBench.decode();
      case "segment-map" -> SegmentMapBench.run();
      case "gpu-grid" -> GpuGridBench.run();
      case "time-chart" -> TimeChartBench.run();
      case "canary-judgment" -> JudgmentBench.run();
      case "rollout-refresh" -> RolloutRefreshBench.run();
      case "ebpf-parse" -> EbpfBench.parse();
      case "ebpf-ui" -> EbpfBench.ui();
      case "snapshot-parse" -> SnapshotParseBench.run(cli);
      default -> {
        System.err.println(
            "fleetscope: unknown benchmark '"
                + cli.benchName()
                + "'; benchmarks: minimal-window, console-first-frame, large-fleet, cluster-scale, batch-scale, exposition-parse, slo-refresh, prom-range-decode, segment-map, gpu-grid, time-chart, canary-judgment, rollout-refresh, ebpf-parse, ebpf-ui, snapshot-parse");
        yield 2;
      }
    };
  }

  /** " 1.23x": a figure against its baseline, appended to a RESULT line. */
  static String ratio(double value, double baseline) {
    return String.format(Locale.ROOT, " %.2fx", value / baseline);
  }

  static String result(String name, double value, String unit) {
    return String.format(Locale.ROOT, "RESULT %s %.1f %s", name, value, unit);
  }
}
