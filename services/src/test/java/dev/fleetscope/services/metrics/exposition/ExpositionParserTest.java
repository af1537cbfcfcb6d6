package dev.fleetscope.services.metrics.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {

  @Test
  void readsHistogramsEscapesSpecialValuesTimestampsAndExemplars() throws Exception {
    String page =
        """
        # HELP vllm:e2e_request_latency_seconds Histogram of end to end request latency in seconds.
        # TYPE vllm:e2e_request_latency_seconds histogram
        vllm:e2e_request_latency_seconds_bucket{engine="0",le="0.3",model_name="meta-llama/Llama-3.1-8B"} 4.0
        vllm:e2e_request_latency_seconds_bucket{engine="0",le="+Inf",model_name="meta-llama/Llama-3.1-8B"} 17.0
        vllm:e2e_request_latency_seconds_sum{engine="0",model_name="meta-llama/Llama-3.1-8B"} 12.5
        vllm:e2e_request_latency_seconds_count{engine="0",model_name="meta-llama/Llama-3.1-8B"} 17
        http_requests_total{path="/v1/chat",note="say \\"hi\\"\\\\n",multi="a\\nb",} 1027 1395066363000
        process_start_time_seconds 1.7e9
        go_gc_duration_seconds{quantile="0"} NaN
        bucket_edge{le="+Inf"} +Inf
        negative -Inf
          indented_gauge   3
        requests_total{code="200"} 1027 # {trace_id="KOO5S4vxi0o"} 0.67 1600000000.000
        """;
    List<MetricSample> samples = ExpositionParser.parse(page, "test page");
    assertThat(samples).hasSize(11);
    assertThat(samples.get(0).name()).isEqualTo("vllm:e2e_request_latency_seconds_bucket");
    assertThat(samples.get(0).label("le")).isEqualTo("0.3");
    assertThat(samples.get(0).label("model_name")).isEqualTo("meta-llama/Llama-3.1-8B");
    assertThat(samples.get(1).label("le")).isEqualTo("+Inf");
    assertThat(samples.get(2).value()).isEqualTo(12.5);
    MetricSample escaped = samples.get(4);
    assertThat(escaped.label("note")).isEqualTo("say \"hi\"\\n");
    assertThat(escaped.label("multi")).isEqualTo("a\nb");
    assertThat(escaped.value()).isEqualTo(1027);
    assertThat(samples.get(5).value()).isEqualTo(1.7e9);
    assertThat(samples.get(6).value()).isNaN();
    assertThat(samples.get(7).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(samples.get(8).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(samples.get(9).name()).isEqualTo("indented_gauge");
    assertThat(samples.get(10).value()).isEqualTo(1027);
    assertThat(samples.get(10).labelMap()).containsOnlyKeys("code");
    assertThat(samples.get(0).label("absent")).isEmpty();
  }

  @Test
  void openMetricsPageEndsAtEof() throws Exception {
    String page =
        """
        # TYPE kueue_pending_workloads gauge
        # UNIT kueue_pending_workloads workloads
        kueue_pending_workloads{cluster_queue="fine-tuning",status="active"} 2 1700000000.123
        # EOF
        """;
    assertThat(ExpositionParser.parse(page, "om")).hasSize(1);
    assertThatThrownBy(() -> ExpositionParser.parse(page + "late_sample 1\n", "om"))
        .isInstanceOf(ExpositionFormatException.class)
        .hasMessage("om line 5: text after '# EOF': 'late_sample 1'");
  }

  @Test
  void malformedLinesFailWithTheirLineNumber() {
    assertFailure("ok 1\nbroken{a=\"1\" 3\n", 2, "expected ',' or '}' after label a");
    assertFailure("ok 1\n\nnovalue\n", 3, "expected a space and a value after novalue");
    assertFailure("x{a=\"unterminated} 1\n", 1, "unterminated value of label a");
    assertFailure("x{a=1} 1\n", 1, "expected a quoted value for label a");
    assertFailure("x 12abc\n", 1, "'12abc' is not a number");
    assertFailure("x{a=\"\\q\"} 1\n", 1, "unknown escape \\q in label a");
    assertFailure("x 1 2 3\n", 1, "unexpected text after the value");
    assertFailure("9lives 1\n", 1, "expected a metric name");
    assertFailure("x 1 # trace\n", 1, "expected an exemplar's label set after '#'");
  }

  private static void assertFailure(String page, int line, String problem) {
    assertThatThrownBy(() -> ExpositionParser.parse(page, "pod a/b /metrics"))
        .isInstanceOfSatisfying(
            ExpositionFormatException.class, e -> assertThat(e.line()).isEqualTo(line))
        .hasMessageStartingWith("pod a/b /metrics line " + line + ": " + problem + ": '");
  }
}
