package dev.fleetscope.services.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KubeTimeTest {
  /** What Instant.parse gives, or null where it refuses the text. */
  private static Instant reference(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void readsKubernetesTimestampsAsInstantParseDoes() {
    SplittableRandom random = new SplittableRandom(20261124);
    long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      String text = Instant.ofEpochSecond(random.nextLong(from, to)).toString();
      assertThat(KubeTime.parseOrNull(text)).as(text).isEqualTo(Instant.parse(text));
      // With 1 to 9 decimals (MicroTime has 6; Instant.toString writes 3, 6 or 9).
      String decimals =
          Long.toString(random.nextLong(1_000_000_000L, 2_000_000_000L))
              .substring(1, 2 + random.nextInt(9));
      String fraction = text.substring(0, 19) + "." + decimals + "Z";
      assertThat(KubeTime.parseOrNull(fraction)).as(fraction).isEqualTo(Instant.parse(fraction));
    }
  }

  @Test
  void anythingElseGetsWhatInstantParseGives() {
    List<String> texts =
        List.of(
            "2024-02-29T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-12-31T23:59:59Z",
            "2026-12-31T23:59:60Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T10:60:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-11-00T00:00:00Z",
            "2026-11-24T09:30:00.123456Z",
            "2026-11-24T09:30:00.1Z",
            "2026-11-24T09:30:00.123456789Z",
            "2026-11-24T09:30:00.1234567891Z",
            "2026-11-24T09:30:00.Z",
            "2026-11-24T09:30:00.12a4Z",
            "2026-11-24T09:30:00,5Z",
            "2026-11-24T09:30:00+02:00",
            "2026-11-24T09:30:00z",
            "2026-11-24 09:30:00Z",
            "2026-11-2aT09:30:00Z",
            "+2026-11-24T09:30:00Z",
            "0000-01-01T00:00:00Z",
            "yesterday");
    for (String text : texts) {
      assertThat(KubeTime.parseOrNull(text)).as(text).isEqualTo(reference(text));
    }
    assertThat(KubeTime.parseOrNull("2024-02-29T12:00:00Z")).isNotNull();
    assertThat(KubeTime.parseOrNull("2023-02-29T12:00:00Z")).isNull();
    assertThat(KubeTime.parseOrNull(null)).isNull();
    assertThat(KubeTime.parseOrNull("")).isNull();
  }
}
