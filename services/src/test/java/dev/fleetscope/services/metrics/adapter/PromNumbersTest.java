package dev.fleetscope.services.metrics.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PromNumbersTest {

  @Test
  void fastPathAgreesWithTheJdkBitForBit() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      double d =
          switch (i % 4) {
            case 0 -> rng.nextDouble() * 1e6;
            case 1 -> rng.nextDouble();
            case 2 -> Math.round(rng.nextDouble() * 1e9) / 1000.0;
            default -> rng.nextGaussian() * Math.pow(10, rng.nextInt(-30, 30));
          };
      String s = Double.toString(d);
      assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
      String g = String.format("%.6g", d);
      assertThat(parse(g)).as(g).isEqualTo(Double.parseDouble(g));
    }
  }

  @Test
  void specialValuesAndIntegers() {
    assertThat(parse("NaN")).isNaN();
    assertThat(parse("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(parse("0")).isEqualTo(0.0);
    assertThat(parse("12345678901234567890")).isEqualTo(1.2345678901234567e19);
    assertThat(parse("0.005")).isEqualTo(0.005);
  }

  @Test
  void timestampsBecomeExactMillis() {
    assertThat(millis("1795176000")).isEqualTo(1_795_176_000_000L);
    assertThat(millis("1795176000.5")).isEqualTo(1_795_176_000_500L);
    assertThat(millis("1795176000.123")).isEqualTo(1_795_176_000_123L);
    assertThat(millis("1.795176e9")).isEqualTo(1_795_176_000_000L);
  }

  private static double parse(String s) {
    return PromNumbers.parseDouble(s.toCharArray(), 0, s.length());
  }

  private static long millis(String s) {
    return PromNumbers.parseMillis(s.toCharArray(), 0, s.length());
  }
}
