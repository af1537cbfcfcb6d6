package dev.fleetscope.services.metrics.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetscope.services.metrics.PrometheusException;
import dev.fleetscope.services.metrics.PrometheusException.Kind;
import dev.fleetscope.services.metrics.adapter.FakePrometheus.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against a real HTTPS server on loopback with certificates keytool made for the test. */
class PrometheusTlsTest {
  @TempDir static Path dir;
  static TestCertificates certs;
  static FakePrometheus server;
  static FakePrometheus mutual;

  @BeforeAll
  static void start() throws Exception {
    certs = new TestCertificates(dir);
    server = FakePrometheus.https(certs.serverContext(), false);
    mutual = FakePrometheus.https(certs.serverContext(), true);
    for (FakePrometheus s : List.of(server, mutual)) {
      s.script(
          (r, i) -> Answer.json(200, "{\"status\":\"success\",\"data\":{\"version\":\"2.42.0\"}}"));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    mutual.close();
  }

  @Test
  void serverSignedByAnUnknownCaIsRefused() {
    PrometheusException e =
        catchThrowableOfType(
            PrometheusException.class,
            () -> new PrometheusHttpClient(PrometheusEndpoint.of(server.url())).buildInfo());
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("TLS with https://127.0.0.1:");
  }

  @Test
  void customCaFromAPemFileIsTrusted() {
    var c =
        new PrometheusHttpClient(
            PrometheusEndpoint.of(server.url())
                .withTls(PrometheusEndpoint.Tls.trusting(certs.serverCertPem)));
    assertThat(c.buildInfo().version()).isEqualTo("2.42.0");
    assertThat(c.describe()).doesNotContain("NOT VERIFIED");
  }

  @Test
  void explicitOptOutSkipsVerificationAndSaysSo() {
    var c =
        new PrometheusHttpClient(
            PrometheusEndpoint.of(server.url()).withTls(PrometheusEndpoint.Tls.insecure()));
    assertThat(c.buildInfo().version()).isEqualTo("2.42.0");
    assertThat(c.describe()).endsWith("(TLS NOT VERIFIED)");
  }

  @Test
  void clientCertificateIsPresentedWhenTheServerAsksForOne() {
    var trusting = PrometheusEndpoint.Tls.trusting(certs.serverCertPem);
    var without =
        new PrometheusHttpClient(
            PrometheusEndpoint.of(mutual.url()).withTls(trusting).withMaxAttempts(1));
    assertThat(catchThrowableOfType(PrometheusException.class, without::buildInfo).kind())
        .isEqualTo(Kind.UNAVAILABLE);
    var with =
        new PrometheusHttpClient(
            PrometheusEndpoint.of(mutual.url())
                .withTls(trusting.withClientCertificate(certs.clientCertPem, certs.clientKeyPem)));
    assertThat(with.buildInfo().version()).isEqualTo("2.42.0");
  }

  @Test
  void unusableKeyFilesAreNamedWithWhatWasExpected() throws Exception {
    Path pkcs1 = dir.resolve("old.pem");
    Files.writeString(
        pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    var tls =
        PrometheusEndpoint.Tls.trusting(certs.serverCertPem)
            .withClientCertificate(certs.clientCertPem, pkcs1);
    assertThatThrownBy(
            () -> new PrometheusHttpClient(PrometheusEndpoint.of(server.url()).withTls(tls)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(pkcs1.toString())
        .hasMessageContaining("openssl pkcs8 -topk8");
    Path notCert = dir.resolve("not-a-cert.pem");
    Files.writeString(notCert, "hello");
    assertThatThrownBy(
            () ->
                new PrometheusHttpClient(
                    PrometheusEndpoint.of(server.url())
                        .withTls(PrometheusEndpoint.Tls.trusting(notCert))))
        .hasMessageContaining(notCert.toString());
  }
}
