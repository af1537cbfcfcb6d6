package dev.fleetscope.services.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of everything a trace line goes through: the parser, the
 * aggregator (histograms, maps, stacks, events, glitches) and the printf-event reader. The only
 * failure allowed is {@link TraceFormatException}; anything else Jazzer reports as a finding and
 * the test fails. Seeds are real bpftrace 0.17 lines (TraceParserFuzzTestInputs). The build sets
 * JAZZER_FUZZ=1, so this fuzzes for maxDuration; without it, it replays the seeds.
 */
class TraceParserFuzzTest {
  private final TraceParser parser = new TraceParser();
  private final TraceAggregator aggregator =
      new TraceAggregator(new TraceAggregator.Settings(1_000, 10, HistSeries.HistMode.AUTO));

  @FuzzTest(maxDuration = "40s")
  void parserAndAggregatorNeverCrash(FuzzedDataProvider data) {
    String line = data.consumeRemainingAsString();
    TraceEvent event = TraceEvent.parse(0, line);
    assertThat(event.text()).isNotNull();
    MapKey key = MapKey.of(line);
    assertThat(key.stack()).isNotNull();
    assertThat(key.label()).isNotNull();
    try {
      TraceRecord r = parser.parse(line);
      assertThat(r.type()).isNotNull();
      aggregator.record(r);
    } catch (TraceFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      aggregator.badLine(1, line, expected.getMessage());
    }
    TraceAggregator.Summary s = aggregator.summary();
    for (String map : s.stackMaps()) {
      assertThat(aggregator.flame(map)).isNotNull();
    }
    for (HistSeries.View h : s.histograms()) {
      h.quantile(0.99);
    }
  }
}
