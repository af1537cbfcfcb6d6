package dev.fleetscope.app.bench;

import dev.fleetscope.services.demo.DemoFleetSpec;
import dev.fleetscope.services.demo.DemoQueues;
import dev.fleetscope.services.demo.FleetSimulator;
import dev.fleetscope.services.metrics.exposition.ExpositionParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus text parser on what the batch section reads: the /metrics pages of the 200 vLLM
 * replicas of {@code --demo-size batch}, parsed page by page on one thread as the scraper does (5
 * runs after a warm-up). The baseline, in the same run, is {@code promtool check metrics} (the
 * Prometheus project's own parser, with its lint) reading the same samples as one page.
 */
final class ExpositionBench {
  static final int RUNS = 5;
  static final int ROUNDS_PER_RUN = 20;

  private ExpositionBench() {}

  static int run() throws Exception {
    FleetSimulator sim = new FleetSimulator(DemoFleetSpec.batch(1), Instant.now());
    sim.advance(60);
    Map<String, String> pages = new LinkedHashMap<>();
    for (String name : sim.podNames()) {
      String pod = name.substring(name.indexOf('/') + 1);
      sim.podMetricsText(DemoQueues.BATCH_CLUSTER, pod).ifPresent(t -> pages.put(pod, t));
    }
    if (pages.isEmpty()) {
      System.err.println("exposition-parse: the demo fleet exposed no pages");
      return 1;
    }
    long samplesPerRound = 0;
    long bytes = 0;
    for (Map.Entry<String, String> p : pages.entrySet()) {
      samplesPerRound += ExpositionParser.parse(p.getValue(), p.getKey()).size();
      bytes += p.getValue().length();
    }
    for (int w = 0; w < ROUNDS_PER_RUN; w++) {
      parseAll(pages);
    }
    List<Double> rates = new ArrayList<>();
    for (int r = 0; r < RUNS; r++) {
      long t0 = System.nanoTime();
      long n = 0;
      for (int i = 0; i < ROUNDS_PER_RUN; i++) {
        n += parseAll(pages);
      }
      rates.add(n / ((System.nanoTime() - t0) / 1e9));
    }
    double ours = median(rates);

    Path merged = Files.createTempFile("fleetscope-exposition", ".prom");
    try {
      String one = onePage(pages);
      Files.writeString(merged, one);
      long mergedSamples = ExpositionParser.parse(one, merged.toString()).size();
      List<Double> ourMerged = new ArrayList<>();
      for (int r = 0; r < RUNS; r++) {
        long t0 = System.nanoTime();
        ExpositionParser.parse(one, merged.toString());
        ourMerged.add((System.nanoTime() - t0) / 1e6);
      }
      List<Double> promtool = promtool(merged);
      System.out.printf(
          Locale.ROOT,
          "%d replica pages, %,d samples and %,d bytes a round; parse rate per run (samples/s): %s%n",
          pages.size(),
          samplesPerRound,
          bytes,
          rates.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList());
      System.out.printf(
          Locale.ROOT,
          "the same %,d samples as one page: this parser %.1f ms (median of %d), promtool check metrics %s ms%n",
          mergedSamples,
          median(ourMerged),
          RUNS,
          promtool.isEmpty() ? "(not run)" : promtool);
      String line = Benchmarks.result("exposition-parse-samples-per-s", ours, "samples/s");
      if (!promtool.isEmpty()) {
        double theirs = mergedSamples / (median(promtool) / 1000);
        System.out.println(
            Benchmarks.result("promtool-check-metrics-samples-per-s", theirs, "samples/s"));
        line += Benchmarks.ratio(ours, theirs);
      }
      System.out.println(line);
    } finally {
      Files.deleteIfExists(merged);
    }
    return 0;
  }

  private static long parseAll(Map<String, String> pages) throws Exception {
    long n = 0;
    for (Map.Entry<String, String> p : pages.entrySet()) {
      n += ExpositionParser.parse(p.getValue(), p.getKey()).size();
    }
    return n;
  }

  /**
   * All pages as one valid exposition: each family's HELP and TYPE once, then its samples from
   * every page with a {@code pod} label added, so no two series are the same.
   */
  static String onePage(Map<String, String> pages) {
    Map<String, List<String>> head = new LinkedHashMap<>();
    Map<String, List<String>> samples = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : pages.entrySet()) {
      String family = "";
      for (String line : p.getValue().split("\n")) {
        if (line.isBlank() || line.startsWith("# EOF")) {
          continue;
        }
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
          family = line.split(" ")[2];
          List<String> h = head.computeIfAbsent(family, k -> new ArrayList<>());
          if (h.size() < 2 && !h.contains(line)) {
            h.add(line);
          }
          continue;
        }
        if (line.startsWith("#")) {
          continue;
        }
        String pod = "pod=\"" + p.getKey() + "\"";
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String labelled =
            brace >= 0 && brace < space
                ? line.substring(0, brace + 1)
                    + pod
                    + (line.charAt(brace + 1) == '}' ? "" : ",")
                    + line.substring(brace + 1)
                : line.substring(0, space) + "{" + pod + "}" + line.substring(space);
        samples.computeIfAbsent(family, k -> new ArrayList<>()).add(labelled);
      }
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> f : samples.entrySet()) {
      head.getOrDefault(f.getKey(), List.of()).forEach(h -> out.append(h).append('\n'));
      f.getValue().forEach(s -> out.append(s).append('\n'));
    }
    return out.toString();
  }

  /** Wall time of {@code promtool check metrics < FILE}, 3 runs, in ms; empty if it cannot run. */
  private static List<Double> promtool(Path file) throws InterruptedException {
    List<Double> times = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        Process p =
            new ProcessBuilder("promtool", "check", "metrics")
                .redirectInput(file.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return List.of();
        }
        // promtool exits 3 when its lint finds problems; the parse itself has then succeeded.
        if (p.exitValue() != 0 && p.exitValue() != 3) {
          System.err.println("promtool check metrics failed (" + p.exitValue() + ")");
          return List.of();
        }
        times.add((System.nanoTime() - t0) / 1e6);
      }
    } catch (IOException e) {
      System.err.println("promtool could not be run (" + e.getMessage() + "): no baseline");
      return List.of();
    }
    return times;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
