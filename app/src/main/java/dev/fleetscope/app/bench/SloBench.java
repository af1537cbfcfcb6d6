package dev.fleetscope.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscope.services.metrics.OpenMetricsHistory;
import dev.fleetscope.services.metrics.OpenMetricsHistory.Rate;
import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.Selector;
import dev.fleetscope.services.slo.SloEvaluator;
import dev.fleetscope.services.slo.SloSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The SLO benchmarks: a full refresh of 50 SLOs against a local Prometheus (against the naive plan
 * of one query per SLO, window and term), and decoding a large range-query answer (against
 * Jackson's tree model on the same bytes).
 */
final class SloBench {
  private SloBench() {}

  static int refresh() throws Exception {
    if (!LocalPrometheus.installed()) {
      System.err.println(
          "slo-refresh needs prometheus and promtool on the PATH (Debian package prometheus)");
      return 2;
    }
    int slos = 50;
    long step = 60;
    long end = Instant.now().getEpochSecond() / step * step;
    long start = end - 30 * 86_400 - 600;
    Path dir = Files.createTempDirectory("fleetscope-slo-bench");
    OpenMetricsHistory h = new OpenMetricsHistory(start, end, step);
    List<SloSpec> specs = new ArrayList<>();
    for (int i = 0; i < slos; i++) {
      String svc = "svc" + i;
      h.counter(
          "bench_requests_total",
          Map.of("service", svc, "code", "500"),
          Rate.of(start, 0.001 * (1 + i % 7)));
      h.counter(
          "bench_requests_total", Map.of("service", svc, "code", "200"), Rate.of(start, 5 + i % 3));
      specs.add(
          new SloSpec(
              "",
              "",
              svc,
              "Fleetscope",
              "bench",
              "",
              0.999,
              Duration.ofDays(30),
              new Indicator.Ratio(
                  Selector.parse("bench_requests_total{service=\"" + svc + "\",code=\"500\"}"),
                  Selector.parse("bench_requests_total{service=\"" + svc + "\"}"),
                  List.of()),
              Map.of()));
    }
    Path om = dir.resolve("history.om");
    h.write(om);
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (LocalPrometheus prom = LocalPrometheus.withHistory(dir.resolve("prom"), om)) {
      System.out.printf(
          Locale.ROOT,
          "backfilled %d series x 30 days at %d s and started Prometheus in %.1f s%n",
          slos * 2,
          step,
          (System.nanoTime() - t0) / 1e9);
      var client =
          new PrometheusHttpClient(
              PrometheusEndpoint.of(prom.url()).withTimeout(Duration.ofSeconds(60)));
      SloEvaluator evaluator = new SloEvaluator(client, SloEvaluator.Policy.WORKBOOK, 0, pool);
      Instant at = Instant.ofEpochSecond(end);
      int requests = evaluator.requestCount(specs);
      double[] grouped = time(10, 3, () -> evaluator.evaluate(specs, at));
      // The console's refresh: the 30-day window kept from a read 15 s earlier (it is re-read
      // every 5 minutes), the 7 burn windows read; each run moves 15 s on, as the console does.
      SloEvaluator console = evaluator.slowWindowsReadEvery(Duration.ofMinutes(5));
      Instant first = at.minus(Duration.ofMinutes(4));
      console.evaluate(specs, first);
      int[] tick = {0};
      double[] steady =
          time(
              10,
              3,
              () -> {
                Instant t = first.plusSeconds(15L * ++tick[0]);
                var snap = console.evaluate(specs, t);
                if (snap.readAt(Duration.ofDays(30)).isEmpty()) {
                  throw new IllegalStateException("the 30d window was read again at " + t);
                }
              });
      // Baseline: what a naive client does, one query per SLO, window and term.
      List<String> naive = new ArrayList<>();
      for (SloSpec s : specs) {
        var r = (Indicator.Ratio) s.indicator();
        for (Duration w : evaluator.windowsOf(s)) {
          String range = "[" + dev.fleetscope.services.slo.PromDurations.format(w) + "]";
          naive.add("sum(increase(" + r.errors().promql() + range + "))");
          naive.add("sum(increase(" + r.total().promql() + range + "))");
        }
      }
      double[] baseline =
          time(3, 1, () -> naive.parallelStream().forEach(q -> client.instant(q, at)));
      System.out.printf(
          Locale.ROOT,
          "grouped plan: %d requests, median %.0f ms (min %.0f, max %.0f)%n",
          requests,
          median(grouped),
          grouped[0],
          grouped[grouped.length - 1]);
      System.out.printf(
          Locale.ROOT,
          "naive plan:   %d requests, median %.0f ms%n",
          naive.size(),
          median(baseline));
      System.out.printf(
          Locale.ROOT,
          "refresh with the 30d window kept: %d requests, median %.0f ms (min %.0f, max %.0f)%n",
          requests - 1,
          median(steady),
          steady[0],
          steady[steady.length - 1]);
      System.out.println(
          Benchmarks.result("slo-refresh-requests", requests, "requests")
              + Benchmarks.ratio(requests, naive.size()));
      System.out.println(
          Benchmarks.result("slo-refresh-all-windows", median(grouped), "ms")
              + Benchmarks.ratio(median(grouped), median(baseline)));
      System.out.println(
          Benchmarks.result("slo-refresh", median(steady), "ms")
              + Benchmarks.ratio(median(steady), median(baseline)));
    } finally {
      pool.shutdownNow();
    }
    return 0;
  }

  static int decode() throws Exception {
    int series = 200;
    int points = 25_000;
    StringBuilder b = new StringBuilder(series * points * 24);
    b.append("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
    java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    for (int s = 0; s < series; s++) {
      b.append(s == 0 ? "" : ",")
          .append("{\"metric\":{\"__name__\":\"vllm:num_requests_running\",\"pod\":\"p")
          .append(s)
          .append("\"},\"values\":[");
      for (int i = 0; i < points; i++) {
        b.append(i == 0 ? "" : ",")
            .append('[')
            .append(1_795_000_000 + i * 15)
            .append(",\"")
            .append(Math.round(rng.nextDouble() * 1e6) / 1e3)
            .append("\"]");
      }
      b.append("]}");
    }
    b.append("]}}");
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    long samples = (long) series * points;
    System.out.printf(
        Locale.ROOT, "body: %.0f MB, %d series, %d samples%n", body.length / 1e6, series, samples);
    double[] streaming =
        time(
            7,
            3,
            () ->
                check(
                    PrometheusHttpClient.decodeRangeBody(new ByteArrayInputStream(body)).data(),
                    samples));
    ObjectMapper mapper = new ObjectMapper();
    double[] tree = time(7, 3, () -> check(treeDecode(mapper, body), samples));
    double fast = samples / (median(streaming) / 1000) / 1e6;
    double slow = samples / (median(tree) / 1000) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "streaming decode: median %.0f ms = %.1f M samples/s%n",
        median(streaming),
        fast);
    System.out.printf(
        Locale.ROOT, "Jackson tree model: median %.0f ms = %.1f M samples/s%n", median(tree), slow);
    System.out.println(
        Benchmarks.result("prom-range-decode", fast, "Msamples/s") + Benchmarks.ratio(fast, slow));
    return 0;
  }

  /** The baseline: readTree, then walk the tree into the same arrays. */
  private static List<PromSeries> treeDecode(ObjectMapper mapper, byte[] body) {
    try {
      JsonNode root = mapper.readTree(body);
      List<PromSeries> out = new ArrayList<>();
      for (JsonNode s : root.get("data").get("result")) {
        Map<String, String> labels = new HashMap<>();
        s.get("metric")
            .fields()
            .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        JsonNode values = s.get("values");
        long[] t = new long[values.size()];
        double[] v = new double[values.size()];
        for (int i = 0; i < values.size(); i++) {
          t[i] = Math.round(values.get(i).get(0).asDouble() * 1000);
          v[i] = Double.parseDouble(values.get(i).get(1).asText());
        }
        out.add(new PromSeries(labels, t, v));
      }
      return out;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void check(List<PromSeries> decoded, long samples) {
    long n = decoded.stream().mapToLong(PromSeries::size).sum();
    if (n != samples) {
      throw new IllegalStateException("decoded " + n + " samples, expected " + samples);
    }
  }

  private static double[] time(int runs, int warmups, Runnable r) {
    for (int i = 0; i < warmups; i++) {
      r.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }
}
