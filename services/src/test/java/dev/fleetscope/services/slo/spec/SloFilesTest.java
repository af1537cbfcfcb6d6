package dev.fleetscope.services.slo.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.slo.Indicator;
import dev.fleetscope.services.slo.SloSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SloFilesTest {

  @Test
  void pyrraRatioLatencyAndBoolGauge() {
    var r =
        SloFiles.read(
            "pyrra.yaml",
            "prod-a",
            """
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata:
          name: llama-errors
          namespace: serving
          labels: {team: inference}
        spec:
          target: "99.5"
          window: 4w
          description: Llama chat answers without 5xx.
          indicator:
            ratio:
              errors: {metric: 'http_requests_total{job="llama",status="5xx"}'}
              total: {metric: 'http_requests_total{job="llama"}'}
              grouping: [model_name]
        ---
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: llama-ttft, namespace: serving}
        spec:
          target: "95"
          window: 28d
          indicator:
            latency:
              success: {metric: 'vllm:time_to_first_token_seconds_bucket{model_name="llama",le="0.5"}'}
              total: {metric: 'vllm:time_to_first_token_seconds_count{model_name="llama"}'}
        ---
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: probe, namespace: serving}
        spec:
          target: "99.9"
          window: 30d
          indicator:
            bool_gauge: {metric: 'probe_success{job="blackbox"}'}
        """);
    assertThat(r.problems()).isEmpty();
    SloSpec ratio = r.specs().get(0);
    assertThat(ratio.objective()).isEqualTo(0.995);
    assertThat(ratio.window()).isEqualTo(Duration.ofDays(28));
    assertThat(ratio.origin()).isEqualTo("prod-a serving/llama-errors");
    assertThat(ratio.labels()).containsEntry("team", "inference");
    var ind = (Indicator.Ratio) ratio.indicator();
    assertThat(ind.errors().promql())
        .isEqualTo("http_requests_total{job=\"llama\",status=\"5xx\"}");
    assertThat(ind.grouping()).containsExactly("model_name");
    var lat = (Indicator.Latency) r.specs().get(1).indicator();
    assertThat(lat.thresholdSeconds()).isEqualTo(0.5);
    assertThat(lat.success().metric()).isEqualTo("vllm:time_to_first_token_seconds_bucket");
    assertThat(r.specs().get(2).indicator()).isInstanceOf(Indicator.BoolGauge.class);
  }

  @Test
  void slothObjectAndPlainFileWithEventsAndRaw() {
    var r =
        SloFiles.read(
            "sloth.yaml",
            "",
            """
        apiVersion: sloth.slok.dev/v1
        kind: PrometheusServiceLevel
        metadata: {name: chat, namespace: serving}
        spec:
          service: chat
          labels: {owner: sre}
          slos:
            - name: requests-availability
              objective: 99.9
              sli:
                events:
                  errorQuery: sum(rate(http_requests_total{job="chat",code=~"5.."}[{{.window}}]))
                  totalQuery: sum(rate(http_requests_total{job="chat"}[{{.window}}]))
            - name: ratio
              objective: 99
              sli:
                raw:
                  errorRatioQuery: 1 - avg_over_time(up{job="chat"}[{{.window}}])
        ---
        version: prometheus/v1
        service: embed
        slos:
          - name: availability
            objective: 99.5
            sli:
              events:
                errorQuery: sum(rate(errors_total[{{.window}}]))
                totalQuery: sum(rate(requests_total[{{.window}}]))
        """);
    assertThat(r.problems()).isEmpty();
    assertThat(r.specs())
        .extracting(SloSpec::name)
        .containsExactly("chat-requests-availability", "chat-ratio", "embed-availability");
    assertThat(r.specs().get(0).objective()).isEqualTo(0.999);
    assertThat(r.specs().get(0).window()).isEqualTo(Duration.ofDays(30));
    assertThat(r.specs().get(0).labels())
        .containsEntry("owner", "sre")
        .containsEntry("service", "chat");
    assertThat(r.specs().get(1).indicator()).isInstanceOf(Indicator.RawErrorRatio.class);
    assertThat(r.specs().get(2).origin()).isEqualTo("sloth.yaml:23");
  }

  @Test
  void openSloWithReferencedAndInlineIndicators() {
    var r =
        SloFiles.read(
            "openslo.yaml",
            "",
            """
        apiVersion: openslo/v1
        kind: SLI
        metadata: {name: chat-good}
        spec:
          ratioMetric:
            counter: true
            good:
              metricSource: {type: Prometheus, spec: {query: 'http_requests_total{code!~"5.."}'}}
            total:
              metricSource: {type: Prometheus, spec: {query: http_requests_total}}
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: chat-availability}
        spec:
          service: chat
          indicatorRef: chat-good
          timeWindow: [{duration: 28d, isRolling: true}]
          budgetingMethod: Occurrences
          objectives: [{displayName: good, target: 0.995}]
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: chat-errors}
        spec:
          service: chat
          indicator:
            metadata: {name: inline}
            spec:
              ratioMetric:
                counter: true
                bad: {metricSource: {type: prometheus, spec: {query: 'errors_total'}}}
                total: {metricSource: {type: prometheus, spec: {query: 'requests_total'}}}
          timeWindow: [{duration: 7d, isRolling: true}]
          objectives: [{target: 0.99}]
        """);
    assertThat(r.problems()).isEmpty();
    assertThat(r.specs().get(0).indicator()).isInstanceOf(Indicator.GoodRatio.class);
    assertThat(r.specs().get(0).objective()).isEqualTo(0.995);
    assertThat(r.specs().get(1).indicator()).isInstanceOf(Indicator.Ratio.class);
    assertThat(r.specs().get(1).window()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void fleetscopeFileWithRatioLatencyAndPresets() {
    var r =
        SloFiles.read(
            "slos.yaml",
            "",
            """
        fleetscope: slo/v1
        slos:
          - name: llama-ttft
            namespace: serving
            objective: 99%
            window: 28d
            grouping: [model_name]
            preset: {name: vllm-ttft, threshold: 0.5, selector: '{namespace="serving"}'}
          - name: mesh-latency
            objective: 0.995
            preset: {name: istio-latency, threshold: 0.25}
          - name: api
            objective: "99.9"
            ratio: {errors: 'http_requests_total{code=~"5.."}', total: http_requests_total}
          - name: embed-latency
            objective: 99.5%
            latency: {histogram: request_seconds, threshold: 1, selector: '{job="embed"}'}
        """);
    assertThat(r.problems()).isEmpty();
    var ttft = (Indicator.Latency) r.specs().get(0).indicator();
    assertThat(ttft.success().promql())
        .isEqualTo("vllm:time_to_first_token_seconds_bucket{namespace=\"serving\",le=\"0.5\"}");
    assertThat(ttft.total().promql())
        .isEqualTo("vllm:time_to_first_token_seconds_count{namespace=\"serving\"}");
    assertThat(ttft.grouping()).containsExactly("model_name");
    assertThat(r.specs().get(0).objective()).isEqualTo(0.99);
    assertThat(r.specs().get(0).window()).isEqualTo(Duration.ofDays(28));
    var mesh = (Indicator.Latency) r.specs().get(1).indicator();
    assertThat(mesh.thresholdSeconds()).isEqualTo(250); // Istio's histogram is in milliseconds
    assertThat(mesh.success().matcher("le").orElseThrow().value()).isEqualTo("250");
    assertThat(r.specs().get(2).objective()).isEqualTo(0.999);
    var embed = (Indicator.Latency) r.specs().get(3).indicator();
    assertThat(embed.success().promql())
        .isEqualTo("request_seconds_bucket{job=\"embed\",le=\"1\"}");
  }

  @Test
  void malformedSpecsNameFileLineAndFieldAndTheRestStillLoads() {
    var r =
        SloFiles.read(
            "bad.yaml",
            "",
            """
        fleetscope: slo/v1
        slos:
          - name: ok
            objective: 99%
            ratio: {errors: 'e_total', total: 't_total'}
          - name: bad-objective
            objective: ninety
            ratio: {errors: 'e_total', total: 't_total'}
          - name: bad-selector
            objective: 99%
            ratio:
              errors: 'e_total{code=~5..}'
              total: t_total
          - name: tgi
            objective: 99%
            preset: {name: tgi-ttft, threshold: 1}
          - name: two-kinds
            objective: 99%
            ratio: {errors: a, total: b}
            preset: {name: vllm-ttft, threshold: 1}
          - name: bad-window
            objective: 99%
            window: a month
            ratio: {errors: a, total: b}
        """);
    assertThat(r.specs()).extracting(SloSpec::name).containsExactly("ok");
    assertThat(r.messages())
        .containsExactly(
            "bad.yaml:7: slos[1].objective: expected an objective such as 99.5% or 0.995, found \"ninety\"",
            "bad.yaml:12: slos[2].ratio.errors: selector 'e_total{code=~5..}', column 15: expected a quoted value",
            "bad.yaml:16: slos[3].preset.name: TGI exports no time-to-first-token histogram (only tgi_request_duration "
                + "and per-token means); use tgi-e2e, or measure TTFT at a gateway",
            "bad.yaml:17: slos[4]: expected exactly one of ratio, latency or preset",
            "bad.yaml:23: slos[5].window: 'a month' is not a duration (expected e.g. 5m, 6h, 28d, 4w)");
  }

  @Test
  void malformedPyrraSlothAndOpenSloSpecs() {
    var r =
        SloFiles.read(
            "mixed.yaml",
            "",
            """
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: no-target}
        spec:
          window: 28d
          indicator:
            ratio: {errors: {metric: a}, total: {metric: b}}
        ---
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: latency-without-le}
        spec:
          target: "99"
          window: 28d
          indicator:
            latency: {success: {metric: 'x_bucket'}, total: {metric: x_count}}
        ---
        version: prometheus/v1
        service: s
        slos:
          - name: no-window
            objective: 99
            sli: {events: {errorQuery: 'sum(rate(e[5m]))', totalQuery: 'sum(rate(t[{{.window}}]))'}}
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: dangling}
        spec:
          indicatorRef: nowhere
          timeWindow: [{duration: 28d}]
          objectives: [{target: 0.99}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: stray}
        """);
    assertThat(r.specs()).isEmpty();
    assertThat(r.messages())
        .containsExactly(
            "mixed.yaml:5: spec.target: is required",
            "mixed.yaml:16: spec.indicator.latency.success.metric: the success selector needs le=\"THRESHOLD\" "
                + "(a bucket boundary, in the histogram's unit)",
            "mixed.yaml:23: slos[0].sli.events.errorQuery: the query must use {{.window}} as its range, e.g. rate(x[{{.window}}])",
            "mixed.yaml:29: spec.indicatorRef: no SLI named 'nowhere' in this file",
            "mixed.yaml:33: "
                + "not an SLO this reader knows (apiVersion 'v1', kind 'ConfigMap'); expected pyrra.dev/v1alpha1 "
                + "ServiceLevelObjective, sloth.slok.dev/v1 PrometheusServiceLevel, openslo/v1 SLO, or a Fleetscope "
                + "file (fleetscope: slo/v1)");
  }

  @Test
  void yamlSyntaxErrorNamesLineAndColumn() {
    var r = SloFiles.read("broken.yaml", "", "fleetscope: slo/v1\nslos:\n  - name: [unclosed\n");
    assertThat(r.specs()).isEmpty();
    assertThat(r.messages()).hasSize(1);
    assertThat(r.messages().get(0)).startsWith("broken.yaml:4: not valid YAML at column");
  }

  @Test
  void presetsCoverTheLlmServersAndSayWhatIsMissing() {
    assertThat(dev.fleetscope.services.slo.LlmSliPreset.ids())
        .contains(
            "vllm-ttft",
            "vllm-itl",
            "vllm-tpot",
            "vllm-e2e",
            "sglang-ttft",
            "tgi-e2e",
            "istio-availability");
    assertThat(dev.fleetscope.services.slo.LlmSliPreset.missing("tgi-ttft")).isPresent();
    assertThat(dev.fleetscope.services.slo.LlmSliPreset.missing("vllm-ttft")).isEmpty();
  }
}
