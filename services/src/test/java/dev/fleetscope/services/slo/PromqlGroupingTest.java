package dev.fleetscope.services.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromqlGroupingTest {

  @Test
  void addsTheLabelToEveryAggregationInEachForm() {
    assertThat(
            PromqlGrouping.addLabel(
                "sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[{{.window}}]))",
                "version"))
        .isEqualTo(
            "sum by (version)(rate(http_requests_total{job=\"api\",code=~\"5..\"}[{{.window}}]))");
    assertThat(PromqlGrouping.addLabel("sum by (job) (rate(x[5m]))", "version"))
        .isEqualTo("sum by (job, version) (rate(x[5m]))");
    assertThat(PromqlGrouping.addLabel("sum(rate(x[5m])) by (job)", "version"))
        .isEqualTo("sum(rate(x[5m])) by (job, version)");
    assertThat(PromqlGrouping.addLabel("sum by () (x)", "version"))
        .isEqualTo("sum by (version) (x)");
    // A raw ratio: both sides, so the division matches one version to the same version.
    assertThat(
            PromqlGrouping.addLabel(
                "sum(rate(errors_total[1h])) / sum(rate(requests_total[1h]))", "pod_template_hash"))
        .isEqualTo(
            "sum by (pod_template_hash)(rate(errors_total[1h])) / sum by"
                + " (pod_template_hash)(rate(requests_total[1h]))");
  }

  @Test
  void labelValuesAndMetricNamesThatLookLikeAggregationsAreLeftAlone() {
    assertThat(PromqlGrouping.addLabel("sum(x{op=\"sum(\", kind='count'})", "v"))
        .isEqualTo("sum by (v)(x{op=\"sum(\", kind='count'})");
    assertThat(PromqlGrouping.addLabel("sum(count_total{a=\"b\"}) / max_x", "v"))
        .isEqualTo("sum by (v)(count_total{a=\"b\"}) / max_x");
  }

  @Test
  void withoutAndNoAggregationAreRefusedWithTheReason() {
    assertThatThrownBy(() -> PromqlGrouping.addLabel("sum without (pod) (x)", "v"))
        .hasMessageContaining("without");
    assertThatThrownBy(() -> PromqlGrouping.addLabel("sum(x) without (pod)", "v"))
        .hasMessageContaining("without");
    assertThatThrownBy(() -> PromqlGrouping.addLabel("rate(x[5m])", "v"))
        .hasMessage("the query has no aggregation (sum, count, ...) to add the label to");
    assertThatThrownBy(() -> PromqlGrouping.addLabel("sum(rate(x[5m])", "v"))
        .hasMessage("unbalanced parentheses");
  }
}
