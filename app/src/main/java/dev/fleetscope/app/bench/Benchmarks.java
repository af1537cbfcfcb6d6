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
      case "large-fleet" -> LargeFleet.run(cli, paths);
      default -> {
        System.err.println(
            "fleetscope: unknown benchmark '"
                + cli.benchName()
                + "'; benchmarks: minimal-window, large-fleet");
        yield 2;
      }
    };
  }

  static String result(String name, double value, String unit) {
    return String.format(Locale.ROOT, "RESULT %s %.1f %s", name, value, unit);
  }
}
