package dev.fleetscope.services.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscope.services.ebpf.TraceRecord.Bucket;
import dev.fleetscope.services.ebpf.TraceRecord.HistRecord;
import dev.fleetscope.services.ebpf.TraceRecord.MapRecord;
import dev.fleetscope.services.ebpf.TraceRecord.Problem;
import dev.fleetscope.services.ebpf.TraceRecord.StatsRecord;
import dev.fleetscope.services.ebpf.TraceRecord.Text;
import dev.fleetscope.services.ebpf.TraceRecord.TextKind;
import dev.fleetscope.services.ebpf.TraceRecord.TimeSeriesRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every record type of {@code bpftrace -f json}, in the shapes 0.17 writes (the lines below were
 * printed by bpftrace 0.17.0 on this project's CI machines) and in the shapes later versions write.
 */
class TraceParserTest {
  private final TraceParser parser = new TraceParser();

  private TraceRecord parse(String line) throws TraceFormatException {
    return parser.parse(line);
  }

  @Test
  void attachedProbesAndLostEventsInBothVersions() throws Exception {
    assertThat(parse("{\"type\": \"attached_probes\", \"data\": {\"probes\": 10}}"))
        .isEqualTo(new TraceRecord.AttachedProbes(10));
    assertThat(parse("{\"type\":\"attached_probes\", \"count\":3}"))
        .isEqualTo(new TraceRecord.AttachedProbes(3));
    assertThat(parse("{\"type\": \"lost_events\", \"data\": {\"events\": 42}}"))
        .isEqualTo(new TraceRecord.LostEvents(42));
    assertThat(parse("{\"type\":\"lost_events\", \"count\":\"7\"}"))
        .isEqualTo(new TraceRecord.LostEvents(7));
  }

  @Test
  void textRecords() throws Exception {
    assertThat(parse("{\"type\": \"printf\", \"data\": \"hi 5\\n\"}"))
        .isEqualTo(new Text(TextKind.PRINTF, "hi 5\n"));
    assertThat(parse("{\"type\": \"time\", \"data\": \"07:16:26\\n\"}"))
        .isEqualTo(new Text(TextKind.TIME, "07:16:26\n"));
    assertThat(parse("{\"type\": \"join\", \"data\": \"ls -l /tmp\"}"))
        .isEqualTo(new Text(TextKind.JOIN, "ls -l /tmp"));
    assertThat(parse("{\"type\": \"cat\", \"data\": \"MemTotal: 1 kB\\n\"}"))
        .isEqualTo(new Text(TextKind.CAT, "MemTotal: 1 kB\n"));
    assertThat(parse("{\"type\": \"syscall\", \"data\": \"done\\n\"}"))
        .isEqualTo(new Text(TextKind.SYSCALL, "done\n"));
    assertThat(parse("{\"type\": \"printf\", \"data\": \"tab\\there \\u0001 \\\"q\\\"\"}"))
        .isEqualTo(new Text(TextKind.PRINTF, "tab\there \u0001 \"q\""));
  }

  @Test
  void scalarKeyedAndTupleMaps() throws Exception {
    MapRecord scalar = (MapRecord) parse("{\"type\": \"map\", \"data\": {\"@b\": 32}}");
    assertThat(scalar.name()).isEqualTo("@b");
    assertThat(scalar.entries()).hasSize(1);
    assertThat(scalar.entries().get(0).key()).isEqualTo(MapKey.NONE);
    assertThat(scalar.entries().get(0).number()).isEqualTo(32);

    MapRecord tuple =
        (MapRecord) parse("{\"type\": \"map\", \"data\": {\"@c\": {\"2,7\": 3, \"7,2\": \"4\"}}}");
    assertThat(tuple.entries()).hasSize(2);
    assertThat(tuple.entries().get(0).key().parts()).containsExactly("2", "7");
    assertThat(tuple.entries().get(1).value()).isEqualTo("4");

    MapRecord strings =
        (MapRecord) parse("{\"type\": \"map\", \"data\": {\"@s\": {\"bash\": \"last seen\"}}}");
    assertThat(strings.entries().get(0).value()).isEqualTo("last seen");

    MapRecord huge =
        (MapRecord) parse("{\"type\": \"map\", \"data\": {\"@u\": 18446744073709551615}}");
    assertThat(huge.entries().get(0).value()).isEqualTo("18446744073709551615");
  }

  @Test
  void stackKeysKeepTheirFramesAndTheElementsAroundThem() throws Exception {
    MapRecord m =
        (MapRecord)
            parse(
                "{\"type\": \"map\", \"data\": {\"@st\": {\"\\n    _raw_spin_lock+23\\n"
                    + "    finish_fault+687\\n,curl\": 1, \",bpftrace\": 1, \"9,\\n    a+1\\n"
                    + "    b+2\\n,\\n    0x7f01\\n,java\": 5}}}");
    MapKey withComm = m.entries().get(0).key();
    assertThat(withComm.hasStack()).isTrue();
    assertThat(withComm.stack()).containsExactly("_raw_spin_lock+23", "finish_fault+687");
    assertThat(withComm.label()).isEqualTo("curl");
    MapKey empty = m.entries().get(1).key();
    assertThat(empty.stack()).isEmpty();
    assertThat(empty.label()).isEqualTo("bpftrace"); // an empty stack (bpftrace could not walk it)
    MapKey two = m.entries().get(2).key();
    assertThat(two.label()).isEqualTo("9, java");
    // kstack then ustack: kernel frames, then user frames, innermost first.
    assertThat(two.stack()).containsExactly("a+1", "b+2", "0x7f01");
  }

  @Test
  void histogramsLog2LinearAndKeyed() throws Exception {
    HistRecord log2 =
        (HistRecord)
            parse(
                "{\"type\": \"hist\", \"data\": {\"@runq\": [{\"min\": 1, \"max\": 1, \"count\":"
                    + " 2}, {\"min\": 2, \"max\": 3, \"count\": 7}, {\"min\": 512, \"max\": 1023,"
                    + " \"count\": 1}]}}");
    assertThat(log2.hists()).hasSize(1);
    assertThat(log2.hists().get(0).buckets())
        .containsExactly(new Bucket(1L, 1L, 2), new Bucket(2L, 3L, 7), new Bucket(512L, 1023L, 1));
    assertThat(log2.hists().get(0).total()).isEqualTo(10);

    // lhist: the first bucket (below min) has no min, the last (at or over max) no max.
    HistRecord linear =
        (HistRecord)
            parse(
                "{\"type\": \"hist\", \"data\": {\"@l\": [{\"max\": -1, \"count\": 4}, {\"min\":"
                    + " 0, \"max\": 9, \"count\": 1}, {\"min\": 10, \"count\": \"3\"}]}}");
    assertThat(linear.hists().get(0).buckets())
        .containsExactly(new Bucket(null, -1L, 4), new Bucket(0L, 9L, 1), new Bucket(10L, null, 3));

    HistRecord keyed =
        (HistRecord)
            parse(
                "{\"type\": \"hist\", \"data\": {\"@us\": {\"read\": [{\"min\": 4, \"max\": 7,"
                    + " \"count\": 9}], \"write\": [{\"min\": 8, \"max\": 15, \"count\": 1}]}}}");
    assertThat(keyed.hists()).extracting(h -> h.key().raw()).containsExactly("read", "write");
  }

  @Test
  void statsPlainAndKeyed() throws Exception {
    StatsRecord plain =
        (StatsRecord)
            parse(
                "{\"type\": \"stats\", \"data\": {\"@s\": {\"count\": 1, \"average\": 4,"
                    + " \"total\": 4}}}");
    assertThat(plain.stats().get(0).count()).isEqualTo(1);
    assertThat(plain.stats().get(0).key()).isEqualTo(MapKey.NONE);
    StatsRecord keyed =
        (StatsRecord)
            parse(
                "{\"type\": \"stats\", \"data\": {\"@s\": {\"java\": {\"count\": \"10\","
                    + " \"average\": 2.5, \"total\": 25}}}}");
    assertThat(keyed.stats().get(0).key().raw()).isEqualTo("java");
    assertThat(keyed.stats().get(0).count()).isEqualTo(10);
    assertThat(keyed.stats().get(0).average()).isEqualTo(2.5);
  }

  @Test
  void newerRecordTypes() throws Exception {
    TimeSeriesRecord ts =
        (TimeSeriesRecord)
            parse(
                "{\"type\": \"tseries\", \"data\": {\"@ts\": [{\"interval_start\":1700000000,"
                    + "\"value\":3},{\"interval_start\":1700000001,\"value\":5}]}}");
    assertThat(ts.series().get(0).points()).hasSize(2);
    assertThat(ts.series().get(0).points().get(1).value()).isEqualTo(5);

    Problem helper =
        (Problem)
            parse(
                "{\"type\": \"helper_error\", \"msg\": \"No such file or directory\", \"helper\":"
                    + " \"map_delete_elem\", \"retcode\": -2, \"filename\": \"x.bt\", \"line\": 4,"
                    + " \"col\": 3}");
    assertThat(helper.describe())
        .isEqualTo(
            "helper_error: No such file or directory in helper map_delete_elem (return code -2)"
                + " at x.bt:4:3");
    // 0.17 writes helper errors without msg.
    Problem old =
        (Problem)
            parse(
                "{\"type\": \"helper_error\", \"helper\": \"probe_read\", \"retcode\": -14,"
                    + " \"line\": 2, \"col\": 9}");
    assertThat(old.describe()).contains("probe_read", "-14", "script:2:9");
    Problem runtime =
        (Problem)
            parse(
                "{\"type\": \"runtime_error\", \"msg\": \"divide by zero\", \"filename\": \"a\","
                    + " \"line\": 1, \"col\": 1}");
    assertThat(runtime.warning()).isFalse();
    Problem warn = (Problem) parse("{\"type\": \"warnf\", \"data\": \"careful\"}");
    assertThat(warn.warning()).isTrue();
    assertThat(warn.message()).isEqualTo("careful");
    assertThat(parse("{\"type\": \"errorf\", \"msg\": \"bad\"}")).isInstanceOf(Problem.class);

    assertThat(parse("{\"type\": \"value\", \"data\": [1, 2]}"))
        .isEqualTo(new TraceRecord.ValueRecord(List.of(1L, 2L)));
    assertThat(parse("{\"type\": \"benchmark_results\", \"data\": {}}"))
        .isInstanceOf(TraceRecord.Unknown.class);
  }

  @Test
  void malformedLinesSayWhy() {
    assertThatThrownBy(() -> parse("Attaching 1 probe..."))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageStartingWith("malformed JSON");
    assertThatThrownBy(() -> parse("[1,2]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> parse("{\"data\": 1}")).hasMessage("no \"type\" field");
    assertThatThrownBy(() -> parse("{\"type\": 3}")).hasMessage("\"type\" is not a string");
    assertThatThrownBy(() -> parse("{\"type\": \"printf\", \"data\": 3}"))
        .hasMessage("printf record's \"data\" is not a string");
    assertThatThrownBy(() -> parse("{\"type\": \"hist\", \"data\": {\"@h\": 3}}"))
        .hasMessage("hist @h is not a list of buckets");
    assertThatThrownBy(() -> parse("{\"type\": \"hist\", \"data\": {\"@h\": [{\"min\": 1}]}}"))
        .hasMessage("hist @h has a bucket without \"count\"");
    assertThatThrownBy(
            () -> parse("{\"type\": \"hist\", \"data\": {\"@h\": [{\"count\": \"many\"}]}}"))
        .hasMessage("@h bucket count is not an integer: \"many\"");
    assertThatThrownBy(() -> parse("{\"type\": \"map\", \"data\": {\"@a\": 1, \"@b\": 2}}"))
        .hasMessage("map record's \"data\" is not {\"@map\": ...}");
    assertThatThrownBy(() -> parse("{\"type\": \"printf\", \"data\": \"x\"} trailing"))
        .isInstanceOf(TraceFormatException.class);
    assertThatThrownBy(() -> parse("{\"type\": \"printf\", \"data\": \"cut"))
        .isInstanceOf(TraceFormatException.class);
    assertThatThrownBy(() -> parse("{\"type\":\"lost_events\"}"))
        .hasMessage("lost_events record has neither \"count\" nor \"data.events\"");
  }

  @Test
  void readerCountsBadLinesAndGoesOn() throws Exception {
    TraceAggregator agg = new TraceAggregator(TraceAggregator.Settings.DEFAULT);
    java.io.StringWriter rec = new java.io.StringWriter();
    TraceReader reader = new TraceReader(agg, rec);
    String stream =
        "{\"type\": \"attached_probes\", \"data\": {\"probes\": 2}}\n"
            + "garbage\n"
            + "\n"
            + "{\"type\": \"printf\", \"data\": \"ev=runq t=5 pid=1 tid=1 cg=0 lat_us=20000"
            + " comm=java\\n\"}\n"
            + "{\"type\": \"lost_events\", \"data\": {\"events\": 9}}\n"
            + "{\"type\": \"printf\", \"data\": \"half";
    long n =
        reader.read(
            new java.io.ByteArrayInputStream(
                stream.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(n).isEqualTo(6);
    TraceAggregator.Summary s = agg.summary();
    assertThat(s.records()).isEqualTo(3);
    assertThat(s.badLines()).isEqualTo(2);
    assertThat(s.badLineSamples())
        .extracting(TraceAggregator.BadLine::lineNumber)
        .containsExactly(2L, 6L);
    assertThat(s.lostEvents()).isEqualTo(9);
    assertThat(s.attachedProbes()).isEqualTo(2);
    assertThat(s.events()).isEqualTo(1);
    assertThat(rec.toString()).isEqualTo(stream + "\n"); // the raw stream, line for line
  }
}
