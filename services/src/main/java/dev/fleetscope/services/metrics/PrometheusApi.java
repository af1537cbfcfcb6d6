package dev.fleetscope.services.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus HTTP API, typed. Every call either returns data with Prometheus's warnings or
 * throws {@link PrometheusException}; calls block, so callers run them on an I/O executor.
 */
public interface PrometheusApi {

  /** {@code /api/v1/query}: an instant vector (a scalar result comes back as one sample). */
  PromResult<List<PromSample>> instant(String promql, Instant at);

  /** {@code /api/v1/query_range}: a matrix, decoded as it streams in. */
  PromResult<List<PromSeries>> range(String promql, Instant start, Instant end, Duration step);

  /** {@code /api/v1/series}: the label sets of series matching any of the selectors. */
  PromResult<List<Map<String, String>>> series(List<String> match, Instant start, Instant end);

  /** {@code /api/v1/label/NAME/values}, optionally restricted to series matching selectors. */
  PromResult<List<String>> labelValues(String label, List<String> match);

  /** {@code /api/v1/metadata}, for one metric name or all (empty name). */
  PromResult<Map<String, List<PromMetadata>>> metadata(String metric);

  /** {@code /api/v1/status/buildinfo}. */
  PromBuildInfo buildInfo();

  /** Where the API is reached, for panel footers (never with credentials). */
  String describe();
}
