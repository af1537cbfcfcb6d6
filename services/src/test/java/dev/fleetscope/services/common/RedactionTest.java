package dev.fleetscope.services.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void masksBearerTokensSecretPairsUrlPasswordsAndKeyData() {
    String keyData = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUxhbXBsZQ==";
    String text =
        "GET https://admin:hunter2@10.0.0.1:6443/api failed\n"
            + "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig\n"
            + "token=abc123def456; other=kept\n"
            + "{\"password\": \"s3cret\", \"user\": \"alice\"}\n"
            + "client-key-data: "
            + keyData
            + "\n"
            + "at dev.fleetscope.app.Main.main(Main.java:42)";
    String out = Redaction.redact(text);
    assertThat(out)
        .doesNotContain("hunter2", "eyJhbGciOiJSUzI1NiJ9", "abc123def456", "s3cret", keyData)
        .contains("https://admin:<redacted>@10.0.0.1:6443/api")
        .contains("Bearer <redacted>")
        .contains("token=<redacted>; other=kept")
        .contains("\"user\": \"alice\"")
        .contains("client-key-data: <redacted>")
        .contains("at dev.fleetscope.app.Main.main(Main.java:42)");
  }

  @Test
  void leavesOrdinaryDiagnosticsAlone() {
    String text =
        "java.net.ConnectException: Connection refused: 127.0.0.1/127.0.0.1:9090\n"
            + "\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n"
            + "Log: /tmp/junit-15076260452451197741/state/logs/fleetscope.log\n"
            + "Settings: /home/alice/.config/fleetscope/Settings-Backup-2026/settings.properties";
    assertThat(Redaction.redact(text)).isEqualTo(text);
  }
}
