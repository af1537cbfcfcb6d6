package dev.fleetscope.e2e;

import dev.fleetscope.services.metrics.PromBuildInfo;
import dev.fleetscope.services.metrics.PromMetadata;
import dev.fleetscope.services.metrics.PromResult;
import dev.fleetscope.services.metrics.PromSample;
import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusApi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Passes every call to a real client and counts the HTTP requests made. */
class CountingApi implements PrometheusApi {
  private final PrometheusApi inner;
  private final AtomicInteger count;

  CountingApi(PrometheusApi inner, AtomicInteger count) {
    this.inner = inner;
    this.count = count;
  }

  @Override
  public PromResult<List<PromSample>> instant(String promql, Instant at) {
    count.incrementAndGet();
    return inner.instant(promql, at);
  }

  @Override
  public PromResult<List<PromSeries>> range(
      String promql, Instant start, Instant end, Duration step) {
    count.incrementAndGet();
    return inner.range(promql, start, end, step);
  }

  @Override
  public PromResult<List<Map<String, String>>> series(
      List<String> match, Instant start, Instant end) {
    count.incrementAndGet();
    return inner.series(match, start, end);
  }

  @Override
  public PromResult<List<String>> labelValues(String label, List<String> match) {
    count.incrementAndGet();
    return inner.labelValues(label, match);
  }

  @Override
  public PromResult<Map<String, List<PromMetadata>>> metadata(String metric) {
    count.incrementAndGet();
    return inner.metadata(metric);
  }

  @Override
  public PromBuildInfo buildInfo() {
    count.incrementAndGet();
    return inner.buildInfo();
  }

  @Override
  public String describe() {
    return inner.describe();
  }
}
