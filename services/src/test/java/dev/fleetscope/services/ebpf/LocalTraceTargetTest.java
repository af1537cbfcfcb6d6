package dev.fleetscope.services.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Privilege detection, from /proc/self/status as the kernel writes it. */
class LocalTraceTargetTest {
  private static Optional<String> privileges(Path dir, String uid, String capEff) throws Exception {
    Path status = dir.resolve("status");
    Files.writeString(
        status,
        "Name:\tjava\nUid:\t"
            + uid
            + "\t"
            + uid
            + "\t"
            + uid
            + "\t"
            + uid
            + "\nCapEff:\t"
            + capEff
            + "\n");
    return new LocalTraceTarget(Optional.of(Path.of("/usr/bin/bpftrace")), status).privileges();
  }

  @Test
  void rootOrTheBpfCapabilitiesAreEnough(@TempDir Path dir) throws Exception {
    assertThat(privileges(dir, "0", "000001ffffffffff")).isEmpty();
    // CAP_BPF (39) and CAP_PERFMON (38)
    assertThat(privileges(dir, "1000", Long.toHexString((1L << 39) | (1L << 38)))).isEmpty();
    // CAP_SYS_ADMIN (21)
    assertThat(privileges(dir, "1000", Long.toHexString(1L << 21))).isEmpty();
  }

  @Test
  void anOrdinaryUserIsToldWhatIsMissingAndHowToFixIt(@TempDir Path dir) throws Exception {
    assertThat(privileges(dir, "1000", "0000000000000000"))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("uid 1000", "CAP_BPF", "CAP_PERFMON", "setcap", "/usr/bin/bpftrace"));
    assertThat(privileges(dir, "1000", Long.toHexString(1L << 39))).isPresent(); // BPF alone
  }
}
