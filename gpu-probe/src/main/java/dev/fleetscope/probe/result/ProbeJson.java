package dev.fleetscope.probe.result;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.allocator.BlockLayout;
import dev.fleetscope.probe.allocator.ModelStats;
import dev.fleetscope.probe.allocator.SegmentLayout;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.device.PcieLink;
import dev.fleetscope.probe.profile.AllocationProfile;
import dev.fleetscope.probe.profile.Percentiles;
import dev.fleetscope.probe.profile.TensorAllocation;
import dev.fleetscope.probe.profile.TransferPoint;
import dev.fleetscope.probe.profile.TransferProfile;
import dev.fleetscope.probe.result.ProbeResult.ModelReport;
import dev.fleetscope.probe.result.ProbeResult.ModelTensor;
import dev.fleetscope.probe.result.ProbeResult.WorkloadSummary;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Writes and reads the probe's result JSON, schema {@value ProbeResult#SCHEMA}
 * (docs/probe-schema.md). Every section carries {@code "measured": true|false}.
 */
public final class ProbeJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ProbeJson() {}

  public static String write(ProbeResult r) {
    StringWriter w = new StringWriter();
    write(r, w);
    return w.toString();
  }

  public static void write(ProbeResult r, Writer out) {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("schema", r.schema());
      g.writeStringField("createdAt", r.createdAt());
      g.writeStringField("host", r.host());
      g.writeStringField("toolVersion", r.toolVersion());
      g.writeBooleanField("measured", r.measured());
      g.writeArrayFieldStart("devices");
      for (DeviceInfo d : r.devices()) {
        writeDevice(g, d);
      }
      g.writeEndArray();
      if (r.workload() != null) {
        WorkloadSummary s = r.workload();
        g.writeObjectFieldStart("workload");
        g.writeStringField("name", s.name());
        g.writeStringField("source", s.source());
        g.writeNumberField("tensors", s.tensors());
        g.writeNumberField("events", s.events());
        g.writeNumberField("totalBytes", s.totalBytes());
        g.writeNumberField("peakLiveBytes", s.peakLiveBytes());
        g.writeEndObject();
      }
      g.writeArrayFieldStart("allocations");
      for (AllocationProfile a : r.allocations()) {
        writeAllocation(g, a);
      }
      g.writeEndArray();
      if (r.model() != null) {
        writeModel(g, r.model());
      }
      if (r.transfers() != null) {
        writeTransfers(g, r.transfers());
      }
      g.writeArrayFieldStart("problems");
      for (String p : r.problems()) {
        g.writeString(p);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeDevice(JsonGenerator g, DeviceInfo d) throws IOException {
    g.writeStartObject();
    g.writeNumberField("index", d.index());
    g.writeStringField("name", d.name());
    g.writeStringField("computeCapability", d.computeCapability());
    g.writeNumberField("totalBytes", d.totalBytes());
    g.writeNumberField("freeBytes", d.freeBytes());
    g.writeNumberField("textureAlignment", d.textureAlignment());
    g.writeNumberField("vmmGranularityMinimum", d.vmmGranularityMinimum());
    g.writeNumberField("vmmGranularityRecommended", d.vmmGranularityRecommended());
    g.writeBooleanField("memoryPoolsSupported", d.memoryPoolsSupported());
    g.writeBooleanField("vmmSupported", d.vmmSupported());
    g.writeNumberField("multiprocessors", d.multiprocessors());
    g.writeStringField("pciBusId", d.pciBusId());
    if (d.link() != null) {
      PcieLink l = d.link();
      g.writeObjectFieldStart("pcie");
      g.writeNumberField("generation", l.maxGeneration());
      g.writeNumberField("width", l.maxWidth());
      g.writeNumberField("currentGeneration", l.currentGeneration());
      g.writeNumberField("currentWidth", l.currentWidth());
      g.writeNumberField("theoreticalGBps", l.theoreticalGBps());
      g.writeEndObject();
    }
    g.writeStringField("driver", d.driverVersion());
    g.writeEndObject();
  }

  private static void writeAllocation(JsonGenerator g, AllocationProfile a) throws IOException {
    g.writeStartObject();
    g.writeStringField("allocator", a.allocator());
    g.writeBooleanField("measured", a.measured());
    g.writeNumberField("device", a.device());
    writePercentiles(g, "allocLatencyNs", a.allocLatency());
    writePercentiles(g, "freeLatencyNs", a.freeLatency());
    g.writeObjectFieldStart("alignmentHistogram");
    for (Map.Entry<Long, Integer> e : new TreeMap<>(a.alignmentHistogram()).entrySet()) {
      g.writeNumberField(Long.toString(e.getKey()), e.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("knownWasteBytes", a.knownWaste());
    g.writeNumberField("unknownWasteCount", a.unknownWaste());
    g.writeNumberField("wallNs", a.wallNanos());
    g.writeArrayFieldStart("tensors");
    for (TensorAllocation t : a.tensors()) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeStringField("dtype", t.dtype());
      g.writeStringField("shape", t.shape());
      g.writeNumberField("bytes", t.bytes());
      g.writeNumberField("address", t.address());
      g.writeNumberField("alignment", t.alignment());
      g.writeNumberField("roundingWaste", t.roundingWaste());
      g.writeBooleanField("wasteExact", t.wasteExact());
      g.writeNumberField("gapToPrevious", t.gapToPrevious());
      g.writeNumberField("allocNs", t.allocNanos());
      g.writeNumberField("freeNs", t.freeNanos());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writePercentiles(JsonGenerator g, String field, Percentiles p)
      throws IOException {
    g.writeObjectFieldStart(field);
    g.writeNumberField("count", p.count());
    g.writeNumberField("median", p.median());
    g.writeNumberField("p99", p.p99());
    g.writeNumberField("min", p.min());
    g.writeNumberField("max", p.max());
    g.writeEndObject();
  }

  private static void writeModel(JsonGenerator g, ModelReport m) throws IOException {
    g.writeObjectFieldStart("model");
    g.writeBooleanField("measured", false);
    g.writeStringField("allocator", "PyTorch CUDACachingAllocator (modelled)");
    AllocatorConfig c = m.config();
    g.writeObjectFieldStart("config");
    g.writeStringField("allocConf", c.asAllocConf());
    g.writeNumberField("maxSplitSize", c.maxSplitSize() == Long.MAX_VALUE ? -1 : c.maxSplitSize());
    g.writeNumberField("roundupPower2Divisions", c.roundupPower2Divisions());
    g.writeBooleanField("expandableSegments", c.expandableSegments());
    g.writeNumberField(
        "capacityBytes", c.capacityBytes() == Long.MAX_VALUE ? -1 : c.capacityBytes());
    g.writeEndObject();
    ModelStats s = m.stats();
    g.writeObjectFieldStart("stats");
    g.writeNumberField("events", s.events());
    g.writeNumberField("reservedBytes", s.reserved());
    g.writeNumberField("allocatedBytes", s.allocated());
    g.writeNumberField("requestedBytes", s.requested());
    g.writeNumberField("peakReservedBytes", s.peakReserved());
    g.writeNumberField("peakAllocatedBytes", s.peakAllocated());
    g.writeNumberField("peakRequestedBytes", s.peakRequested());
    g.writeNumberField("peakAllocatedEvent", s.peakAllocatedEvent());
    g.writeNumberField("inactiveSplitBytes", s.inactiveSplitBytes());
    g.writeNumberField("largestFreeBlock", s.largestFreeBlock());
    g.writeNumberField("segments", s.segments());
    g.writeNumberField("cudaMallocs", s.cudaMallocs());
    g.writeNumberField("cudaFrees", s.cudaFrees());
    g.writeNumberField("ooms", s.ooms());
    if (s.firstOom() != null) {
      g.writeStringField("firstOom", s.firstOom());
    }
    g.writeNumberField("peakWasteRatio", s.peakWasteRatio());
    g.writeNumberField("externalFragmentation", s.externalFragmentation());
    g.writeNumberField("replayNs", s.replayNanos());
    g.writeEndObject();
    g.writeArrayFieldStart("tensors");
    for (ModelTensor t : m.tensors()) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeNumberField("bytes", t.bytes());
      g.writeNumberField("blockSize", t.blockSize());
      g.writeNumberField("address", t.address());
      g.writeNumberField("alignment", t.alignment());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("segments");
    for (SegmentLayout seg : m.segments()) {
      g.writeStartObject();
      g.writeNumberField("base", seg.base());
      g.writeNumberField("size", seg.size());
      g.writeStringField("pool", seg.small() ? "small" : "large");
      g.writeNumberField("stream", seg.stream());
      g.writeBooleanField("expandable", seg.expandable());
      g.writeArrayFieldStart("blocks");
      for (BlockLayout b : seg.blocks()) {
        g.writeStartObject();
        g.writeNumberField("offset", b.offset());
        g.writeNumberField("size", b.size());
        g.writeBooleanField("allocated", b.allocated());
        if (b.tensor() != null) {
          g.writeStringField("tensor", b.tensor());
          g.writeNumberField("requested", b.requested());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeTransfers(JsonGenerator g, TransferProfile t) throws IOException {
    g.writeObjectFieldStart("transfers");
    g.writeBooleanField("measured", true);
    g.writeNumberField("device", t.device());
    g.writeStringField("link", t.link());
    g.writeNumberField("linkGBps", t.linkGBps());
    g.writeNumberField("wallNs", t.wallNanos());
    g.writeArrayFieldStart("points");
    for (TransferPoint p : t.points()) {
      g.writeStartObject();
      g.writeStringField("direction", p.direction());
      g.writeStringField("memory", p.memory());
      g.writeNumberField("bytes", p.bytes());
      g.writeNumberField("srcOffset", p.srcOffset());
      g.writeNumberField("dstOffset", p.dstOffset());
      g.writeNumberField("repeats", p.repeats());
      g.writeNumberField("medianNs", p.medianNanos());
      g.writeNumberField("minNs", p.minNanos());
      g.writeNumberField("gbps", p.gbps());
      g.writeNumberField("percentOfLink", p.percentOfLink());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads a result JSON. A file of another schema, or one missing a required field, gets one
   * message naming the file and the field.
   */
  public static ProbeResult read(String file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(512 * 1024 * 1024);
    Object root;
    try {
      root = new Yaml(options).load(text);
    } catch (YAMLException e) {
      throw new ResultFormatException(file + ": not valid JSON: " + firstLine(e.getMessage()));
    }
    Node top = new Node(file, "", root);
    String schema = top.str("schema");
    if (!schema.startsWith("fleetscope.probe/")) {
      throw new ResultFormatException(
          file + ": schema: \"" + schema + "\" is not a Fleetscope probe result");
    }
    if (!schema.equals(ProbeResult.SCHEMA)) {
      throw new ResultFormatException(
          file
              + ": schema: "
              + schema
              + " is newer than this Fleetscope reads ("
              + ProbeResult.SCHEMA
              + "); update Fleetscope");
    }
    List<DeviceInfo> devices = new ArrayList<>();
    for (Node d : top.list("devices")) {
      devices.add(readDevice(d));
    }
    WorkloadSummary workload = null;
    if (top.has("workload")) {
      Node w = top.get("workload");
      workload =
          new WorkloadSummary(
              w.str("name"),
              w.str("source"),
              (int) w.num("tensors"),
              (int) w.num("events"),
              w.num("totalBytes"),
              w.num("peakLiveBytes"));
    }
    List<AllocationProfile> allocations = new ArrayList<>();
    for (Node a : top.list("allocations")) {
      allocations.add(readAllocation(a));
    }
    ModelReport model = top.has("model") ? readModel(top.get("model")) : null;
    TransferProfile transfers = top.has("transfers") ? readTransfers(top.get("transfers")) : null;
    return new ProbeResult(
        schema,
        top.str("createdAt"),
        top.str("host"),
        top.str("toolVersion"),
        devices,
        workload,
        allocations,
        model,
        transfers,
        top.list("problems").stream().map(n -> String.valueOf(n.value())).toList());
  }

  private static DeviceInfo readDevice(Node d) {
    String[] cc = d.str("computeCapability").split("\\.");
    PcieLink link = null;
    if (d.has("pcie")) {
      Node p = d.get("pcie");
      link =
          new PcieLink(
              (int) p.num("currentGeneration"),
              (int) p.num("currentWidth"),
              (int) p.num("generation"),
              (int) p.num("width"));
    }
    return new DeviceInfo(
        (int) d.num("index"),
        d.str("name"),
        Integer.parseInt(cc[0]),
        cc.length > 1 ? Integer.parseInt(cc[1]) : 0,
        d.num("totalBytes"),
        d.num("freeBytes"),
        d.num("textureAlignment"),
        d.num("vmmGranularityMinimum"),
        d.num("vmmGranularityRecommended"),
        d.bool("memoryPoolsSupported"),
        d.bool("vmmSupported"),
        (int) d.num("multiprocessors"),
        d.str("pciBusId"),
        link,
        d.str("driver"));
  }

  private static AllocationProfile readAllocation(Node a) {
    List<TensorAllocation> tensors = new ArrayList<>();
    for (Node t : a.list("tensors")) {
      tensors.add(
          new TensorAllocation(
              t.str("name"),
              t.str("dtype"),
              t.str("shape"),
              t.num("bytes"),
              t.num("address"),
              t.num("alignment"),
              t.num("roundingWaste"),
              t.bool("wasteExact"),
              t.num("gapToPrevious"),
              t.num("allocNs"),
              t.num("freeNs")));
    }
    Map<Long, Integer> histogram = new TreeMap<>();
    for (Map.Entry<String, Node> e : a.get("alignmentHistogram").entries().entrySet()) {
      histogram.put(Long.parseLong(e.getKey()), (int) e.getValue().asNum());
    }
    return new AllocationProfile(
        a.str("allocator"),
        a.bool("measured"),
        (int) a.num("device"),
        tensors,
        readPercentiles(a.get("allocLatencyNs")),
        readPercentiles(a.get("freeLatencyNs")),
        histogram,
        a.num("knownWasteBytes"),
        (int) a.num("unknownWasteCount"),
        a.num("wallNs"));
  }

  private static Percentiles readPercentiles(Node p) {
    return new Percentiles(
        (int) p.num("count"), p.num("median"), p.num("p99"), p.num("min"), p.num("max"));
  }

  private static ModelReport readModel(Node m) {
    Node c = m.get("config");
    long maxSplit = c.num("maxSplitSize");
    long capacity = c.num("capacityBytes");
    AllocatorConfig config =
        new AllocatorConfig(
            maxSplit < 0 ? Long.MAX_VALUE : maxSplit,
            (int) c.num("roundupPower2Divisions"),
            c.bool("expandableSegments"),
            capacity < 0 ? Long.MAX_VALUE : capacity);
    Node s = m.get("stats");
    ModelStats stats =
        new ModelStats(
            (int) s.num("events"),
            s.num("reservedBytes"),
            s.num("allocatedBytes"),
            s.num("requestedBytes"),
            s.num("peakReservedBytes"),
            s.num("peakAllocatedBytes"),
            s.num("peakRequestedBytes"),
            (int) s.num("peakAllocatedEvent"),
            s.num("inactiveSplitBytes"),
            s.num("largestFreeBlock"),
            (int) s.num("segments"),
            s.num("cudaMallocs"),
            s.num("cudaFrees"),
            s.num("ooms"),
            s.has("firstOom") ? s.str("firstOom") : null,
            s.num("replayNs"));
    List<ModelTensor> tensors = new ArrayList<>();
    for (Node t : m.list("tensors")) {
      tensors.add(
          new ModelTensor(
              t.str("name"),
              t.num("bytes"),
              t.num("blockSize"),
              t.num("address"),
              t.num("alignment")));
    }
    List<SegmentLayout> segments = new ArrayList<>();
    for (Node seg : m.list("segments")) {
      List<BlockLayout> blocks = new ArrayList<>();
      for (Node b : seg.list("blocks")) {
        boolean allocated = b.bool("allocated");
        blocks.add(
            new BlockLayout(
                b.num("offset"),
                b.num("size"),
                allocated,
                allocated ? b.str("tensor") : null,
                allocated ? b.num("requested") : 0));
      }
      String pool = seg.str("pool");
      if (!pool.equals("small") && !pool.equals("large")) {
        throw seg.get("pool").problem("expected \"small\" or \"large\", found \"" + pool + "\"");
      }
      segments.add(
          new SegmentLayout(
              seg.num("base"),
              seg.num("size"),
              pool.equals("small"),
              (int) seg.num("stream"),
              seg.bool("expandable"),
              blocks));
    }
    return new ModelReport(config, stats, tensors, segments);
  }

  private static TransferProfile readTransfers(Node t) {
    List<TransferPoint> points = new ArrayList<>();
    for (Node p : t.list("points")) {
      points.add(
          new TransferPoint(
              p.str("direction"),
              p.str("memory"),
              p.num("bytes"),
              p.num("srcOffset"),
              p.num("dstOffset"),
              (int) p.num("repeats"),
              p.num("medianNs"),
              p.num("minNs"),
              p.dbl("gbps"),
              p.dbl("percentOfLink")));
    }
    return new TransferProfile(
        (int) t.num("device"), t.str("link"), t.dbl("linkGBps"), points, t.num("wallNs"));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A value in the loaded JSON with its field path, for messages. */
  private record Node(String file, String path, Object value) {
    Node get(String key) {
      String p = path.isEmpty() ? key : path + "." + key;
      if (!(value instanceof Map<?, ?> m)) {
        throw problem("expected an object with \"" + key + "\"");
      }
      Object v = m.get(key);
      if (v == null) {
        throw new ResultFormatException(file + ": " + p + ": is required");
      }
      return new Node(file, p, v);
    }

    boolean has(String key) {
      return value instanceof Map<?, ?> m && m.get(key) != null;
    }

    List<Node> list(String key) {
      if (!has(key)) {
        return List.of();
      }
      Node n = get(key);
      if (!(n.value instanceof List<?> l)) {
        throw n.problem("expected a list");
      }
      List<Node> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(new Node(file, n.path + "[" + i + "]", l.get(i)));
      }
      return out;
    }

    Map<String, Node> entries() {
      if (!(value instanceof Map<?, ?> m)) {
        throw problem("expected an object");
      }
      Map<String, Node> out = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), new Node(file, path + "." + e.getKey(), e.getValue()));
      }
      return out;
    }

    String str(String key) {
      Object v = get(key).value;
      if (v instanceof Map || v instanceof List) {
        throw get(key).problem("expected a string");
      }
      return String.valueOf(v);
    }

    long num(String key) {
      return get(key).asNum();
    }

    long asNum() {
      if (value instanceof Number n && !(value instanceof Double)) {
        return n.longValue();
      }
      throw problem("expected a whole number, found " + describe());
    }

    double dbl(String key) {
      Node n = get(key);
      if (n.value instanceof Number x) {
        return x.doubleValue();
      }
      throw n.problem("expected a number, found " + n.describe());
    }

    boolean bool(String key) {
      Node n = get(key);
      if (n.value instanceof Boolean b) {
        return b;
      }
      throw n.problem("expected true or false, found " + n.describe());
    }

    String describe() {
      return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    ResultFormatException problem(String message) {
      return new ResultFormatException(file + ": " + path + ": " + message);
    }
  }
}
