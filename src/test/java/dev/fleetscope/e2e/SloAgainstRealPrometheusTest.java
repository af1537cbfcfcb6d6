package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscope.services.metrics.OpenMetricsHistory;
import dev.fleetscope.services.metrics.OpenMetricsHistory.Rate;
import dev.fleetscope.services.metrics.PrometheusException;
import dev.fleetscope.services.metrics.adapter.LocalPrometheus;
import dev.fleetscope.services.metrics.adapter.PrometheusEndpoint;
import dev.fleetscope.services.metrics.adapter.PrometheusHttpClient;
import dev.fleetscope.services.slo.AlertState;
import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.Selector;
import dev.fleetscope.services.slo.SloEvaluator;
import dev.fleetscope.services.slo.SloHistory;
import dev.fleetscope.services.slo.SloResult;
import dev.fleetscope.services.slo.SloSnapshot;
import dev.fleetscope.services.slo.SloSpec;
import dev.fleetscope.services.slo.SloTrends;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLO engine end to end against a real Prometheus (Debian's package), with 30 days of history
 * backfilled by promtool from counters whose rates are known, so every budget and burn rate has an
 * exact expected value. Prometheus 2.x selects ranges closed at both ends and the samples sit on
 * the window edges, so {@code increase()} needs no extrapolation and the expected values are the
 * rates' integrals.
 */
class SloAgainstRealPrometheusTest {
  static final long STEP = 60;
  static final long DAY = 86_400;
  static final long HOUR = 3_600;
  static final long END = 1_795_000_020L - (1_795_000_020L % STEP);
  static final long START = END - 30 * DAY - 10 * STEP;
  static final double MIN_EVENTS = 1_000;

  // Per model: 5 requests/s; errors 0.05% until the last hour, when llama's rise to 2%.
  static final Rate LLAMA_ERRORS = Rate.of(START, 0.0025).from(END - HOUR, 0.1);
  static final Rate LLAMA_OK = Rate.of(START, 5 - 0.0025).from(END - HOUR, 5 - 0.1);
  static final Rate MISTRAL_ERRORS = Rate.of(START, 0.0025);
  static final Rate MISTRAL_OK = Rate.of(START, 5 - 0.0025);
  // Latency: 10 requests/s, 99% under 1 s until the last day, then 93%.
  static final Rate COUNT = Rate.of(START, 10);
  static final Rate UNDER_1S = Rate.of(START, 9.9).from(END - DAY, 9.3);
  static final Rate UNDER_HALF = Rate.of(START, 8);
  // A batch API with little traffic: 0.002 requests/s, half failing in the last 2 hours.
  static final Rate BATCH_ERRORS = Rate.of(START, 0).from(END - 2 * HOUR, 0.001);
  static final Rate BATCH_OK = Rate.of(START, 0.002).from(END - 2 * HOUR, 0.001);

  @TempDir static Path dir;
  static LocalPrometheus prometheus;
  static ExecutorService pool;
  static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void backfillAndStart() throws Exception {
    CiRequirements.require(
        LocalPrometheus.installed(), "prometheus and promtool (Debian package prometheus)");
    OpenMetricsHistory h = new OpenMetricsHistory(START, END, STEP);
    h.counter(
        "http_requests_total",
        Map.of("job", "api", "model_name", "llama", "code", "500"),
        LLAMA_ERRORS);
    // llama's server restarted ten days ago: its counter starts again from zero.
    h.counter(
        "http_requests_total",
        Map.of("job", "api", "model_name", "llama", "code", "200"),
        LLAMA_OK,
        END - 10 * DAY);
    h.counter(
        "http_requests_total",
        Map.of("job", "api", "model_name", "mistral", "code", "500"),
        MISTRAL_ERRORS);
    h.counter(
        "http_requests_total",
        Map.of("job", "api", "model_name", "mistral", "code", "200"),
        MISTRAL_OK);
    h.counter("request_duration_seconds_bucket", Map.of("job", "api", "le", "0.5"), UNDER_HALF);
    h.counter("request_duration_seconds_bucket", Map.of("job", "api", "le", "1.0"), UNDER_1S);
    h.counter("request_duration_seconds_bucket", Map.of("job", "api", "le", "+Inf"), COUNT);
    h.counter("request_duration_seconds_count", Map.of("job", "api"), COUNT);
    h.counter("batch_requests_total", Map.of("job", "batch", "code", "500"), BATCH_ERRORS);
    h.counter("batch_requests_total", Map.of("job", "batch", "code", "200"), BATCH_OK);
    Path om = dir.resolve("history.om");
    h.write(om);
    prometheus = LocalPrometheus.withHistory(dir.resolve("prom"), om);
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  static SloSpec ratioByModel() {
    return spec(
        "api-availability",
        0.999,
        new Indicator.Ratio(
            Selector.parse("http_requests_total{job=\"api\",code=~\"5..\"}"),
            Selector.parse("http_requests_total{job=\"api\"}"),
            List.of("model_name")));
  }

  static SloSpec latency(String le) {
    return spec(
        "api-latency-" + le,
        0.98,
        new Indicator.Latency(
            Selector.parse("request_duration_seconds_bucket{job=\"api\",le=\"" + le + "\"}"),
            Selector.parse("request_duration_seconds_count{job=\"api\"}"),
            Double.parseDouble(le),
            List.of()));
  }

  static SloSpec slothEvents() {
    return spec(
        "api-availability-sloth",
        0.999,
        new Indicator.EventQueries(
            "sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[{{.window}}]))",
            "sum(rate(http_requests_total{job=\"api\"}[{{.window}}]))"));
  }

  static SloSpec batch() {
    return spec(
        "batch-availability",
        0.99,
        new Indicator.Ratio(
            Selector.parse("batch_requests_total{code=\"500\"}"),
            Selector.parse("batch_requests_total"),
            List.of()));
  }

  static SloSpec spec(String name, double objective, Indicator indicator) {
    return new SloSpec(
        "",
        "",
        name,
        "Fleetscope",
        "test:" + name,
        "",
        objective,
        Duration.ofDays(30),
        indicator,
        Map.of());
  }

  SloEvaluator evaluator() {
    PrometheusHttpClient client = new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url()));
    var counting = new CountingApi(client, requests);
    return new SloEvaluator(counting, SloEvaluator.Policy.WORKBOOK, MIN_EVENTS, pool);
  }

  @Test
  void budgetsBurnRatesAndStatesEqualTheAnalyticValues() {
    SloEvaluator evaluator = evaluator();
    List<SloSpec> specs = List.of(ratioByModel(), latency("1"), slothEvents(), batch());
    requests.set(0);
    SloSnapshot snap = evaluator.evaluate(specs, Instant.ofEpochSecond(END));
    assertThat(requests.get()).isEqualTo(8).isLessThanOrEqualTo(10); // 7 burn windows + 30d
    assertThat(snap.warnings()).isEmpty();

    SloResult llama = find(snap, "api-availability", "llama");
    SloResult mistral = find(snap, "api-availability", "mistral");
    for (long w : new long[] {300, 1800, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY}) {
      double llamaRatio = LLAMA_ERRORS.between(END - w, END) / (5.0 * w);
      assertThat(llama.status().burnRate(Duration.ofSeconds(w)))
          .as("llama burn over %d s", w)
          .isCloseTo(llamaRatio / 0.001, within(1e-6));
      assertThat(mistral.status().burnRate(Duration.ofSeconds(w))).isCloseTo(0.5, within(1e-6));
    }
    double llamaBudget = 1 - LLAMA_ERRORS.between(END - 30 * DAY, END) / (5.0 * 30 * DAY) / 0.001;
    assertThat(llama.status().budgetRemaining()).isCloseTo(llamaBudget, within(1e-6));
    assertThat(llama.status().state()).isEqualTo(AlertState.PAGE);
    assertThat(mistral.status().state()).isEqualTo(AlertState.OK);
    assertThat(mistral.status().budgetRemaining()).isCloseTo(0.5, within(1e-6));
    // At 20x burn over the last hour, what is left lasts remaining * 30 d / 20.
    assertThat(llama.status().timeToExhaustion().orElseThrow().toSeconds())
        .isCloseTo(Math.round(llamaBudget * 30 * DAY / 20), within(2L));

    // Latency: the spec says le="1", the data le="1.0"; both spellings match.
    SloResult lat = find(snap, "api-latency-1", null);
    double bad1d = COUNT.between(END - DAY, END) - UNDER_1S.between(END - DAY, END);
    assertThat(lat.status().burnRate(Duration.ofDays(1)))
        .isCloseTo(bad1d / (10.0 * DAY) / 0.02, within(1e-6));
    assertThat(lat.status().burnRate(Duration.ofDays(1))).isCloseTo(3.5, within(1e-6));
    double bad30d = COUNT.between(END - 30 * DAY, END) - UNDER_1S.between(END - 30 * DAY, END);
    assertThat(lat.status().budgetRemaining())
        .isCloseTo(1 - bad30d / (10.0 * 30 * DAY) / 0.02, within(1e-6));
    assertThat(lat.status().state()).isEqualTo(AlertState.TICKET);

    // Sloth's rate queries over both models: (0.1 + 0.0025) errors/s of 10/s over the last hour,
    // a burn of 10.25: mistral's clean traffic dilutes llama's spike below the 14.4 page line.
    SloResult sloth = find(snap, "api-availability-sloth", null);
    assertThat(sloth.status().burnRate(Duration.ofHours(1)))
        .isCloseTo(0.1025 / 10 / 0.001, within(1e-6));
    assertThat(sloth.status().state()).isEqualTo(AlertState.OK);
    double slothErrors30d =
        LLAMA_ERRORS.between(END - 30 * DAY, END) + MISTRAL_ERRORS.between(END - 30 * DAY, END);
    assertThat(sloth.status().budgetRemaining())
        .isCloseTo(1 - slothErrors30d / (10.0 * 30 * DAY) / 0.001, within(1e-6));

    // 50% errors, but 3 days hold only ~520 requests: below the 1,000-event guard.
    SloResult batch = find(snap, "batch-availability", null);
    assertThat(batch.status().burnRate(Duration.ofHours(1))).isCloseTo(50, within(1e-6));
    assertThat(batch.status().counts().get(Duration.ofDays(3)).total()).isLessThan(MIN_EVENTS);
    assertThat(batch.status().state()).isEqualTo(AlertState.LOW_TRAFFIC);
  }

  /** What llama's 30-day budget is at {@code t}, from the rates. */
  static double llamaBudgetAt(long t) {
    return 1 - LLAMA_ERRORS.between(t - 30 * DAY, t) / (5.0 * 30 * DAY) / 0.001;
  }

  @Test
  void theSloWindowIsReadAgainOnlyOnItsOwnCadenceAndTheSnapshotSaysWhen() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    PrometheusHttpClient client = new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url()));
    // One thread, so that a task queued after the background read runs after it has been kept.
    ExecutorService one = Executors.newSingleThreadExecutor();
    SloEvaluator e =
        new SloEvaluator(
                new CountingApi(client, sent), SloEvaluator.Policy.WORKBOOK, MIN_EVENTS, one)
            .slowWindowsReadEvery(Duration.ofSeconds(200));
    List<SloSpec> specs = List.of(ratioByModel());
    Duration window = Duration.ofDays(30);
    // The history covers 30 days and 10 minutes, so every instant here has a whole 30-day window.
    long first = END - 9 * 60;

    SloSnapshot a = e.evaluate(specs, Instant.ofEpochSecond(first));
    assertThat(sent.get()).isEqualTo(8);
    assertThat(a.readEarlier()).isEmpty();
    assertThat(find(a, "api-availability", "llama").status().budgetRemaining())
        .isCloseTo(llamaBudgetAt(first), within(1e-6));

    // A minute on: the seven burn windows are read, the 30-day window is the one from before.
    long second = END - 8 * 60;
    SloSnapshot b = e.evaluate(specs, Instant.ofEpochSecond(second));
    assertThat(sent.get()).isEqualTo(15);
    assertThat(b.readAt(window)).contains(Instant.ofEpochSecond(first));
    SloResult llama = find(b, "api-availability", "llama");
    assertThat(llama.status().budgetRemaining()).isCloseTo(llamaBudgetAt(first), within(1e-6));
    assertThat(llama.status().burnRate(Duration.ofMinutes(30)))
        .isCloseTo(
            LLAMA_ERRORS.between(second - 1800, second) / (5.0 * 1800) / 0.001, within(1e-6));
    // (A read at the second instant would have given less: the spike goes on.)
    assertThat(llamaBudgetAt(second)).isLessThan(llamaBudgetAt(first) - 1e-4);

    // Nine minutes on, past the cadence: the old counts still serve this refresh while the window
    // is
    // read again in the background; the next refresh has the new read.
    SloSnapshot c = e.evaluate(specs, Instant.ofEpochSecond(END));
    assertThat(c.readAt(window)).contains(Instant.ofEpochSecond(first));
    one.submit(() -> {}).get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(sent.get()).isEqualTo(23);
    SloSnapshot d = e.evaluate(specs, Instant.ofEpochSecond(END));
    one.shutdown();
    assertThat(d.readEarlier()).isEmpty();
    assertThat(find(d, "api-availability", "llama").status().budgetRemaining())
        .isCloseTo(llamaBudgetAt(END), within(1e-6));

    // Past three times the cadence the refresh waits for a new read rather than show older counts.
    AtomicInteger sent2 = new AtomicInteger();
    SloEvaluator fresh =
        new SloEvaluator(
                new CountingApi(client, sent2), SloEvaluator.Policy.WORKBOOK, MIN_EVENTS, pool)
            .slowWindowsReadEvery(Duration.ofMinutes(2));
    fresh.evaluate(specs, Instant.ofEpochSecond(END - 9 * 60));
    SloSnapshot late = fresh.evaluate(specs, Instant.ofEpochSecond(END));
    assertThat(sent2.get()).isEqualTo(16);
    assertThat(late.readEarlier()).isEmpty();
    assertThat(find(late, "api-availability", "llama").status().budgetRemaining())
        .isCloseTo(llamaBudgetAt(END), within(1e-6));
  }

  @Test
  void aKeptSloWindowNeverHidesAPrometheusThatStoppedAnswering() {
    java.util.concurrent.atomic.AtomicBoolean down =
        new java.util.concurrent.atomic.AtomicBoolean();
    PrometheusHttpClient real = new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url()));
    dev.fleetscope.services.metrics.PrometheusApi switchable =
        new CountingApi(real, new AtomicInteger()) {
          @Override
          public dev.fleetscope.services.metrics.PromResult<
                  List<dev.fleetscope.services.metrics.PromSample>>
              instant(String promql, Instant at) {
            if (down.get()) {
              throw new PrometheusException(
                  PrometheusException.Kind.UNAVAILABLE,
                  "cannot connect to " + real.describe() + ": connection refused");
            }
            return super.instant(promql, at);
          }
        };
    SloEvaluator e =
        new SloEvaluator(switchable, SloEvaluator.Policy.WORKBOOK, MIN_EVENTS, pool)
            .slowWindowsReadEvery(Duration.ofMinutes(5));
    List<SloSpec> specs = List.of(ratioByModel());
    e.evaluate(specs, Instant.ofEpochSecond(END - 120));
    down.set(true);
    // The 30-day answer is still kept, but every window read now fails: the refresh fails too,
    // so the board goes stale instead of showing a budget with no burn rates.
    PrometheusException failed =
        catchThrowableOfType(
            () -> e.evaluate(specs, Instant.ofEpochSecond(END - 60)), PrometheusException.class);
    assertThat(failed.getMessage()).endsWith("connection refused");
    down.set(false);
    SloSnapshot back = e.evaluate(specs, Instant.ofEpochSecond(END));
    assertThat(back.readAt(Duration.ofDays(30))).contains(Instant.ofEpochSecond(END - 120));
    assertThat(back.warnings()).isEmpty();
  }

  @Test
  void aSlothQuerySplitByALabelGivesEachModelItsOwnBurn() {
    SloSpec split =
        slothEvents().withIndicator(slothEvents().indicator().withGrouping(List.of("model_name")));
    SloSnapshot snap = evaluator().evaluate(List.of(split), Instant.ofEpochSecond(END));
    assertThat(snap.results()).hasSize(2);
    // Together they burned 10.25x over the last hour; apart, llama 20x and mistral 0.5x.
    SloResult llama = find(snap, "api-availability-sloth", "llama");
    SloResult mistral = find(snap, "api-availability-sloth", "mistral");
    assertThat(llama.status().burnRate(Duration.ofHours(1))).isCloseTo(20, within(1e-6));
    assertThat(mistral.status().burnRate(Duration.ofHours(1))).isCloseTo(0.5, within(1e-6));
    assertThat(llama.status().state()).isEqualTo(AlertState.PAGE);
  }

  @Test
  void counterResetTenDaysAgoDoesNotLoseOrInventEvents() {
    SloSnapshot snap = evaluator().evaluate(List.of(ratioByModel()), Instant.ofEpochSecond(END));
    SloResult llama = find(snap, "api-availability", "llama");
    assertThat(llama.status().counts().get(Duration.ofDays(30)).total())
        .isCloseTo(5.0 * 30 * DAY, within(1e-3));
  }

  @Test
  void thresholdBetweenBucketBoundariesIsReportedWithTheRealBoundaries() {
    SloEvaluator e = evaluator();
    Instant at = Instant.ofEpochSecond(END);
    assertThat(e.bucketProblems(List.of(latency("1")), at)).isEmpty();
    assertThat(e.bucketProblems(List.of(latency("0.7")), at))
        .containsExactly(
            "test:api-latency-0.7: indicator.latency.success: le=\"0.7\" is not a bucket boundary of "
                + "request_duration_seconds_bucket{job=\"api\"}; its boundaries are 0.5, 1, +Inf");
  }

  @Test
  void trendsFromRangeQueriesEqualTheAnalyticRatesBudgetAndPercentiles() {
    SloSnapshot snap =
        evaluator().evaluate(List.of(ratioByModel(), latency("1")), Instant.ofEpochSecond(END));
    SloHistory history =
        new SloHistory(
            SloHistory.prometheus(
                new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url()))));
    Instant end = Instant.ofEpochSecond(END);
    SloResult llama = find(snap, "api-availability", "llama");
    SloTrends t = history.trends(llama, end.minus(Duration.ofHours(6)), end, 72);
    assertThat(t.requests().size()).isEqualTo(72);
    for (int i = 0; i < 72; i++) {
      long stepEnd = t.requests().timesMillis()[i] / 1000;
      assertThat(t.requests().values()[i])
          .as("requests/s at %d", stepEnd)
          .isCloseTo(5, within(1e-6));
      double errors = LLAMA_ERRORS.between(stepEnd - 300, stepEnd) / 300;
      assertThat(t.errors().values()[i])
          .as("errors/s at %d", stepEnd)
          .isCloseTo(errors, within(1e-6));
    }
    // The budget's last point is the 30-day budget the engine computed from one instant query.
    double[] budget = t.budgetRemaining().values();
    assertThat(budget[budget.length - 1]).isCloseTo(llama.status().budgetRemaining(), within(1e-6));
    assertThat(budget[0]).isGreaterThan(budget[budget.length - 1]);

    // Percentiles by Prometheus's interpolation over the le buckets 0.5 (8/s), 1.0 (9.3/s in
    // the last day), +Inf (10/s): p50 = 0.5 * 5/8, p90 = 0.5 + 0.5 * (9 - 8) / 1.3, p99 falls in
    // +Inf and reads as the last finite bound.
    SloTrends lat =
        history.trends(find(snap, "api-latency-1", null), end.minus(Duration.ofHours(1)), end, 12);
    assertThat(lat.latency()).extracting(x -> x.name()).containsExactly("p50", "p90", "p99");
    assertThat(lat.latency().get(0).last()).isCloseTo(0.3125, within(1e-6));
    assertThat(lat.latency().get(1).last()).isCloseTo(0.5 + 0.5 / 1.3, within(1e-6));
    assertThat(lat.latency().get(2).last()).isCloseTo(1.0, within(1e-9));
    assertThat(lat.errors().last()).isCloseTo(0.7, within(1e-6));
  }

  @Test
  void badPromqlComesBackWithPrometheusOwnErrorTypeAndText() {
    var client = new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url()));
    PrometheusException e =
        catchThrowableOfType(
            PrometheusException.class,
            () -> client.instant("sum(rate(http_requests_total[5m])", Instant.ofEpochSecond(END)));
    assertThat(e.kind()).isEqualTo(PrometheusException.Kind.BAD_REQUEST);
    assertThat(e.errorType()).isEqualTo("bad_data");
    assertThat(e.getMessage()).contains("parse error");
    assertThat(client.buildInfo().version()).startsWith("2.");
  }

  private static SloResult find(SloSnapshot snap, String name, String model) {
    return snap.results().stream()
        .filter(r -> r.spec().name().equals(name))
        .filter(r -> model == null || model.equals(r.group().get("model_name")))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no result for " + name + " " + model + " in " + snap.results()));
  }
}
