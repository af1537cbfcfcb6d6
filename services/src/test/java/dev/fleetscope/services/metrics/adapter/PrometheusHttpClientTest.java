package dev.fleetscope.services.metrics.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetscope.services.metrics.PromResult;
import dev.fleetscope.services.metrics.PromSample;
import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusException;
import dev.fleetscope.services.metrics.PrometheusException.Kind;
import dev.fleetscope.services.metrics.adapter.FakePrometheus.Answer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a loopback server scripted to answer as Prometheus does, and misbehave. */
class PrometheusHttpClientTest {
  private static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");
  private FakePrometheus server;

  @BeforeEach
  void start() throws Exception {
    server = FakePrometheus.http();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void instantQueryIsPostedAsAFormAndDecodesVectorWithSpecialValues() {
    server.script(
        (r, i) ->
            Answer.json(
                200,
                """
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"__name__":"up","job":"vllm"},"value":[1795176000.5,"1"]},
          {"metric":{"job":"a"},"value":[1795176000,"NaN"]},
          {"metric":{"job":"b"},"value":[1795176000,"+Inf"]},
          {"metric":{"job":"c"},"value":[1795176000,"-2.5e-3"]}]}}"""));
    PromResult<List<PromSample>> r = client().instant("up{job=\"vllm\"}", AT);
    assertThat(server.received.get(0).method()).isEqualTo("POST");
    assertThat(URLDecoder.decode(server.received.get(0).body(), StandardCharsets.UTF_8))
        .isEqualTo("query=up{job=\"vllm\"}&time=" + AT.getEpochSecond());
    List<PromSample> v = r.data();
    assertThat(v.get(0).labels()).containsEntry("job", "vllm");
    assertThat(v.get(0).timeMillis()).isEqualTo(1_795_176_000_500L);
    assertThat(v.get(0).value()).isEqualTo(1.0);
    assertThat(v.get(1).value()).isNaN();
    assertThat(v.get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(v.get(3).value()).isEqualTo(-0.0025);
  }

  @Test
  void scalarResultBecomesOneSampleWithoutLabels() {
    server.script(
        (r, i) ->
            Answer.json(
                200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1795176000,\"42\"]}}"));
    assertThat(client().instant("42", AT).data())
        .containsExactly(new PromSample(Map.of(), 1_795_176_000_000L, 42));
  }

  @Test
  void rangeQueryDecodesMatrixIntoArrays() {
    server.script(
        (r, i) ->
            Answer.json(
                200,
                """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"pod":"p1"},"values":[[1795176000,"1"],[1795176015,"2.5"],[1795176030,"0.1"]]},
          {"metric":{"pod":"p2"},"values":[]}]},"warnings":["PromQL info: metric might not be a counter"]}"""));
    PromResult<List<PromSeries>> r =
        client().range("x", AT, AT.plusSeconds(30), Duration.ofSeconds(15));
    PromSeries s = r.data().get(0);
    assertThat(s.labels()).isEqualTo(Map.of("pod", "p1"));
    assertThat(s.timesMillis())
        .containsExactly(1_795_176_000_000L, 1_795_176_015_000L, 1_795_176_030_000L);
    assertThat(s.values()).containsExactly(1, 2.5, 0.1);
    assertThat(r.data().get(1).size()).isZero();
    assertThat(r.warnings()).containsExactly("PromQL info: metric might not be a counter");
    assertThat(URLDecoder.decode(server.received.get(0).body(), StandardCharsets.UTF_8))
        .endsWith("step=15");
  }

  @Test
  void badPromqlCarriesPrometheusErrorTypeAndTextAndIsNotRetried() {
    server.script(
        (r, i) ->
            Answer.json(
                400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected right parenthesis ')'\"}"));
    PrometheusException e =
        catchThrowableOfType(PrometheusException.class, () -> client().instant("sum())", AT));
    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(e.errorType()).isEqualTo("bad_data");
    assertThat(e.getMessage()).isEqualTo("1:5: parse error: unexpected right parenthesis ')'");
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(server.received).hasSize(1);
  }

  @Test
  void unavailableServerIsRetriedWithBackoffUntilItAnswers() {
    server.script(
        (r, i) ->
            i < 2
                ? new Answer(503, "text/plain", "Service Unavailable", false, 0)
                : Answer.json(200, "{\"status\":\"success\",\"data\":[\"vllm\",\"tgi\"]}"));
    long start = System.nanoTime();
    assertThat(client().labelValues("job", List.of()).data()).containsExactly("vllm", "tgi");
    assertThat(server.received).hasSize(3);
    // 100 ms then 200 ms at least, before jitter.
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void serverThatStaysDownFailsAfterTheAttemptBudgetWithTheStatusInWords() {
    server.script((r, i) -> new Answer(502, "text/html", "<html>Bad Gateway</html>", false, 0));
    PrometheusException e =
        catchThrowableOfType(PrometheusException.class, () -> client().buildInfo());
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("answered HTTP 502").contains("Bad Gateway");
    assertThat(server.received).hasSize(3);
  }

  @Test
  void slowAnswerPastTheTimeoutIsATimeoutAndIsNotRetried() {
    server.script(
        (r, i) ->
            new Answer(
                200, "application/json", "{\"status\":\"success\",\"data\":[]}", false, 1_500));
    PrometheusHttpClient c =
        new PrometheusHttpClient(
            PrometheusEndpoint.of(server.url()).withTimeout(Duration.ofMillis(300)));
    PrometheusException e =
        catchThrowableOfType(PrometheusException.class, () -> c.labelValues("job", List.of()));
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage()).contains("did not answer within 0.3 s");
    assertThat(server.received).hasSize(1);
  }

  @Test
  void garbageIsABadResponseNotACrash() {
    server.script(
        (r, i) -> new Answer(200, "application/json", "<html>login page</html>", false, 0));
    PrometheusException e =
        catchThrowableOfType(PrometheusException.class, () -> client().buildInfo());
    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
    assertThat(e.getMessage()).startsWith("the answer is not a Prometheus API response");
  }

  @Test
  void truncatedJsonIsABadResponse() {
    server.script(
        (r, i) ->
            Answer.json(
                200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"2\""));
    PrometheusException e =
        catchThrowableOfType(
            PrometheusException.class, () -> client().range("x", AT, AT, Duration.ofSeconds(1)));
    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
  }

  @Test
  void gzippedAnswersAreAskedForAndDecoded() {
    server.script(
        (r, i) ->
            new Answer(
                200,
                "application/json",
                "{\"status\":\"success\",\"data\":{\"version\":\"2.42.0\",\"revision\":\"abc\",\"goVersion\":\"go1.20\"}}",
                true,
                0));
    assertThat(client().buildInfo().version()).isEqualTo("2.42.0");
    assertThat(server.received.get(0).acceptEncoding()).isEqualTo("gzip");
  }

  @Test
  void bearerTokenFileIsReadOnEveryRequestSoRotatedTokensAreUsed(@TempDir Path dir)
      throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "first-token\n");
    PrometheusHttpClient c =
        new PrometheusHttpClient(
            PrometheusEndpoint.of(server.url())
                .withAuth(PrometheusEndpoint.Auth.Bearer.fromFile(token)));
    c.labelValues("job", List.of());
    Files.writeString(token, "second-token");
    c.labelValues("job", List.of());
    assertThat(server.received)
        .extracting(FakePrometheus.Received::authorization)
        .containsExactly("Bearer first-token", "Bearer second-token");
    assertThat(c.describe()).doesNotContain("token");
  }

  @Test
  void basicAuthIsSentAndUnauthorizedIsTyped() {
    server.script((r, i) -> new Answer(401, "text/plain", "Unauthorized", false, 0));
    PrometheusHttpClient c =
        new PrometheusHttpClient(
            PrometheusEndpoint.of(server.url())
                .withAuth(new PrometheusEndpoint.Auth.Basic("sre", "s3cret")));
    PrometheusException e = catchThrowableOfType(PrometheusException.class, () -> c.buildInfo());
    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(e.getMessage()).contains("credentials refused").doesNotContain("s3cret");
    assertThat(server.received.get(0).authorization()).isEqualTo("Basic c3JlOnMzY3JldA==");
    assertThat(server.received).hasSize(1);
  }

  @Test
  void seriesLabelValuesAndMetadataUseTheirEndpoints() {
    server.script(
        (r, i) ->
            switch (r.path()) {
              case "/api/v1/series" ->
                  Answer.json(
                      200,
                      "{\"status\":\"success\",\"data\":[{\"__name__\":\"x_bucket\",\"le\":\"1.0\"},{\"__name__\":\"x_bucket\",\"le\":\"+Inf\"}]}");
              case "/api/v1/metadata" ->
                  Answer.json(
                      200,
                      "{\"status\":\"success\",\"data\":{\"x\":[{\"type\":\"histogram\",\"help\":\"Latency.\",\"unit\":\"\"}]}}");
              default -> Answer.json(200, "{\"status\":\"success\",\"data\":[\"a\"]}");
            });
    var c = client();
    assertThat(c.series(List.of("x_bucket"), AT, AT).data())
        .extracting(m -> m.get("le"))
        .containsExactly("1.0", "+Inf");
    assertThat(c.metadata("x").data().get("x").get(0).type()).isEqualTo("histogram");
    assertThat(c.labelValues("le", List.of("x_bucket{job=\"a\"}")).data()).containsExactly("a");
    assertThat(server.received.get(2).path()).isEqualTo("/api/v1/label/le/values");
    assertThat(URLDecoder.decode(server.received.get(2).query(), StandardCharsets.UTF_8))
        .isEqualTo("match[]=x_bucket{job=\"a\"}");
    assertThat(server.received.get(1).query()).isEqualTo("metric=x");
  }

  private PrometheusHttpClient client() {
    return new PrometheusHttpClient(PrometheusEndpoint.of(server.url()));
  }
}
