package dev.fleetscope.services.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.ebpf.HistSeries.HistMode;
import org.junit.jupiter.api.Test;

class TraceAggregatorTest {
  private static TraceAggregator feed(HistMode mode, String... lines) throws Exception {
    TraceAggregator agg = new TraceAggregator(new TraceAggregator.Settings(100, 10, mode));
    TraceReader reader = new TraceReader(agg, null);
    for (String l : lines) {
      reader.accept(l);
    }
    return agg;
  }

  private static String hist(String name, long... counts) {
    StringBuilder s = new StringBuilder("{\"type\": \"hist\", \"data\": {\"" + name + "\": [");
    for (int i = 0; i < counts.length; i++) {
      long lo = 1L << i;
      s.append(i == 0 ? "" : ",")
          .append("{\"min\": ")
          .append(lo)
          .append(", \"max\": ")
          .append(2 * lo - 1)
          .append(", \"count\": ")
          .append(counts[i])
          .append('}');
    }
    return s.append("]}}").toString();
  }

  private static String time(String t) {
    return "{\"type\": \"time\", \"data\": \"" + t + "\\n\"}";
  }

  @Test
  void intervalPrintsBecomeHeatmapColumnsAndAddUpToTheTotal() throws Exception {
    TraceAggregator agg =
        feed(
            HistMode.INTERVAL,
            time("10:00:01"),
            hist("@us", 5, 1),
            time("10:00:02"),
            hist("@us", 0, 2, 7));
    HistSeries.View v = agg.summary().histograms().get(0);
    assertThat(v.columns()).hasSize(2);
    assertThat(v.columns().get(0).label()).isEqualTo("10:00:01");
    assertThat(v.columns().get(1).counts()).containsEntry(4L, 7L).doesNotContainKey(1L);
    assertThat(v.count()).isEqualTo(15);
    assertThat(v.total()).extracting(TraceRecord.Bucket::count).containsExactly(5L, 3L, 7L);
    // Rank 0.5 * 15 = 7.5 lies in the [2, 3] bucket (samples 6..8).
    assertThat(v.quantile(0.5)).isBetween(2.0, 4.0);
  }

  @Test
  void cumulativePrintsAreDifferenced() throws Exception {
    TraceAggregator agg =
        feed(HistMode.AUTO, hist("@us", 5, 1), hist("@us", 6, 1, 2), hist("@us", 6, 4, 2));
    HistSeries.View v = agg.summary().histograms().get(0);
    assertThat(v.count()).isEqualTo(12);
    assertThat(v.columns()).extracting(HistSeries.Column::total).containsExactly(6L, 3L, 3L);
  }

  @Test
  void aLibraryScriptsMarkerMakesEveryPrintOneInterval() throws Exception {
    // Read back with AUTO (as export ebpf does): without the marker these two prints look like
    // running totals; the marker the library's scripts print first says they are intervals.
    String marker =
        "{\"type\": \"printf\", \"data\": \"#fleetscope script=tcp hists=interval\\n\"}";
    TraceAggregator marked = feed(HistMode.AUTO, marker, hist("@us", 5, 1), hist("@us", 6, 1, 2));
    assertThat(marked.summary().histograms().get(0).count()).isEqualTo(15);
    assertThat(marked.summary().events()).isZero(); // the marker is not an event
    TraceAggregator unmarked = feed(HistMode.AUTO, hist("@us", 5, 1), hist("@us", 6, 1, 2));
    assertThat(unmarked.summary().histograms().get(0).count()).isEqualTo(9);
    String program = ScriptLibrary.get("tcp").orElseThrow().render(TraceParams.DEFAULT);
    assertThat(program)
        .startsWith("BEGIN { printf(\"#fleetscope script=tcp hists=interval\\n\"); }");
    assertThat(TraceScript.custom("BEGIN { exit(); }").render(TraceParams.DEFAULT))
        .isEqualTo("BEGIN { exit(); }");
  }

  @Test
  void glitchesAreEventsOverTheThresholdGroupedByCause() throws Exception {
    String ev = "{\"type\": \"printf\", \"data\": \"%s\\n\"}";
    TraceAggregator agg =
        feed(
            HistMode.INTERVAL,
            String.format(ev, "ev=runq t=1 pid=7 tid=8 cg=3 lat_us=25000 cpu=1 comm=vllm worker"),
            String.format(ev, "ev=runq t=2 pid=7 tid=8 cg=3 lat_us=900 cpu=1 comm=vllm"),
            String.format(ev, "ev=futex t=3 pid=7 tid=9 cg=3 lat_us=12000 ret=0 comm=python3"),
            String.format(ev, "ev=futex t=3 pid=7 tid=9 cg=3 lat_us=50000 ret=-110 comm=timer"),
            String.format(ev, "ev=syscall t=4 pid=7 tid=9 cg=3 lat_us=50000 nr=232 comm=python3"),
            String.format(ev, "ev=syscall t=5 pid=7 tid=9 cg=3 lat_us=50000 nr=202 comm=python3"),
            String.format(ev, "ev=syscall t=6 pid=7 tid=9 cg=3 lat_us=50000 nr=0 comm=python3"),
            String.format(ev, "ev=block t=7 pid=1 tid=0 cg=1 lat_us=31000 dev=8:0 rwbs=WS comm=dd"),
            String.format(ev, "ev=retrans t=8 pid=0 tid=0 cg=0 dst=10.0.0.2:443 comm="),
            String.format(ev, "just a line"));
    TraceAggregator.Summary s = agg.summary();
    assertThat(s.events()).isEqualTo(10);
    // epoll_wait (232) waits for work: not a stall; futex (202) is a lock wait; read (0) is slow;
    // a futex wait that timed out (-110) is a sleep.
    assertThat(agg.glitches().all())
        .extracting(TraceAggregator.Glitch::cause)
        .containsExactly(
            GlitchCause.RUN_QUEUE,
            GlitchCause.LOCK,
            GlitchCause.LOCK,
            GlitchCause.SYSCALL,
            GlitchCause.BLOCK_IO,
            GlitchCause.TCP_RETRANSMIT);
    TraceAggregator.GlitchGroup lock =
        s.glitchGroups().stream().filter(g -> g.cause() == GlitchCause.LOCK).findFirst().get();
    assertThat(lock.count()).isEqualTo(2);
    assertThat(lock.maxMs()).isEqualTo(50.0);
    TraceEvent first = agg.events().all().get(0);
    assertThat(first.comm()).isEqualTo("vllm worker");
    assertThat(first.pid()).isEqualTo(7);
    assertThat(first.cgroupId()).isEqualTo(3);
    assertThat(first.latencyMs()).isEqualTo(25.0);
    assertThat(first.field("cpu")).isEqualTo("1");
    assertThat(agg.events().all().get(9).kind()).isEqualTo("printf");
  }

  @Test
  void stackMapsBecomeAFlameGraphOutermostFrameFirst() throws Exception {
    TraceAggregator agg =
        feed(
            HistMode.INTERVAL,
            "{\"type\": \"map\", \"data\": {\"@off\": {\"\\n    schedule+1\\n    futex_wait+2\\n"
                + "    do_syscall_64+3\\n,java\": 30, \"\\n    schedule+1\\n    io_schedule+9\\n"
                + "    do_syscall_64+3\\n,java\": 10, \"\\n    schedule+1\\n,bash\": 5}}}",
            "{\"type\": \"map\", \"data\": {\"@off\": {\"\\n    schedule+1\\n,bash\": 5}}}");
    assertThat(agg.summary().stackMaps()).containsExactly("@off");
    assertThat(agg.summary().maps()).isEmpty();
    FlameGraph.Node root = agg.flame("@off");
    assertThat(root.value()).isEqualTo(50);
    assertThat(root.children()).extracting(FlameGraph.Node::name).containsExactly("java", "bash");
    FlameGraph.Node java = root.children().get(0);
    assertThat(java.children().get(0).name()).isEqualTo("do_syscall_64+3");
    assertThat(java.children().get(0).children())
        .extracting(FlameGraph.Node::name, FlameGraph.Node::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("futex_wait+2", 30.0),
            org.assertj.core.groups.Tuple.tuple("io_schedule+9", 10.0));
    assertThat(root.children().get(1).value()).isEqualTo(10); // two intervals of 5
  }

  @Test
  void countMapsAddUpOverIntervalsAndProblemsAreKept() throws Exception {
    TraceAggregator agg =
        feed(
            HistMode.INTERVAL,
            "{\"type\": \"map\", \"data\": {\"@faults\": {\"java,12\": 3}}}",
            "{\"type\": \"map\", \"data\": {\"@faults\": {\"java,12\": 4, \"bash,9\": 1}}}",
            "{\"type\": \"runtime_error\", \"msg\": \"divide by zero\", \"line\": 3, \"col\": 1}",
            "{\"type\": \"newer_thing\", \"data\": 1}");
    TraceAggregator.Summary s = agg.summary();
    assertThat(s.maps())
        .extracting(TraceAggregator.MapRow::key, TraceAggregator.MapRow::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("java,12", "7"),
            org.assertj.core.groups.Tuple.tuple("bash,9", "1"));
    assertThat(s.problems())
        .containsExactly(
            "runtime_error: divide by zero at script:3:1",
            "record type \"newer_thing\" is not known to this version; shown raw");
  }

  @Test
  void theEventStoreKeepsOnlyTheLatestAndReadsThemBackWhole() {
    EventStore store = new EventStore(3);
    for (int i = 0; i < 10; i++) {
      store.add(
          TraceEvent.parse(
              i,
              "ev=runq t="
                  + i
                  + " pid=7 tid="
                  + i
                  + " cg=3 lat_us="
                  + (i * 1000)
                  + " cpu=1 comm=vllm worker"));
    }
    assertThat(store.total()).isEqualTo(10);
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.all()).extracting(TraceEvent::seq).containsExactly(7L, 8L, 9L);
    assertThat(store.latest(2, e -> e.tid() % 2 == 1))
        .extracting(TraceEvent::tid)
        .containsExactly(7, 9);
    TraceEvent last = store.all().get(2);
    assertThat(last)
        .isEqualTo(
            TraceEvent.parse(9, "ev=runq t=9 pid=7 tid=9 cg=3 lat_us=9000 cpu=1 comm=vllm worker"));
  }
}
