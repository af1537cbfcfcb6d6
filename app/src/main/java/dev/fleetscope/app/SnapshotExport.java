package dev.fleetscope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.Fragmentation;
import dev.fleetscope.services.gpumemory.SnapshotFormatException;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import dev.fleetscope.services.gpumemory.adapter.TorchSnapshotReader;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code fleetscope export gpu-memory --snapshot FILE}: a PyTorch memory snapshot's fragmentation
 * summary and its segments, as JSON or Markdown. Exit codes: 0 done, 2 no or unreadable snapshot.
 */
final class SnapshotExport {
  private SnapshotExport() {}

  static int run(CommandLine cli, PrintStream out, PrintStream err) {
    if (cli.snapshot().isEmpty()) {
      err.println(
          "fleetscope: export gpu-memory needs --snapshot FILE (a PyTorch memory snapshot);"
              + " the fleet-wide GPU memory view is not built yet");
      return 2;
    }
    AllocatorSnapshot s;
    try {
      s = TorchSnapshotReader.forThisHeap().read(cli.snapshot().get());
    } catch (SnapshotFormatException e) {
      err.println("fleetscope: " + e.getMessage());
      return 2;
    }
    Fragmentation f = Fragmentation.of(s);
    out.print(cli.exportFormat() == CommandLine.ExportFormat.MD ? markdown(s, f) : json(s, f));
    return 0;
  }

  static String json(AllocatorSnapshot s, Fragmentation f) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("source", s.source());
    root.put("format", s.format());
    ObjectNode t = root.putObject("totals");
    t.put("reservedBytes", f.reserved());
    t.put("allocatedBytes", f.allocated());
    t.put("requestedBytes", f.requested());
    t.put("pendingFreeBytes", f.pendingFree());
    t.put("freeBytes", f.free());
    t.put("inactiveSplitBytes", f.inactiveSplit());
    t.put("largestFreeBlock", f.largestFree());
    t.put("reservedNotAllocatedBytes", f.reservedNotAllocated());
    t.put("internalFragmentation", f.internal());
    t.put("externalFragmentation", f.external());
    t.put("segments", f.segments());
    t.put("blocks", f.blocks());
    t.put("traceEntries", s.traces().size());
    ArrayNode segs = root.putArray("segments");
    for (SnapshotSegment seg : s.segments()) {
      ObjectNode n = segs.addObject();
      n.put("device", seg.device());
      n.put("address", seg.address());
      n.put("totalSize", seg.totalSize());
      n.put("segmentType", seg.segmentType());
      n.put("stream", seg.stream());
      n.put("expandable", seg.expandable());
      n.put("blocks", seg.blocks().size());
      n.put("allocatedBytes", seg.allocatedBytes());
      n.put("requestedBytes", seg.requestedBytes());
      n.put("freeBytes", seg.freeBytes());
    }
    root.putPOJO("allocatorSettings", s.allocatorSettings());
    try {
      return mapper.writeValueAsString(root) + System.lineSeparator();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String markdown(AllocatorSnapshot s, Fragmentation f) {
    StringBuilder b = new StringBuilder("# GPU memory snapshot\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "`%s` (%s): %d segments, %d blocks, %d trace entries.%n%n",
            s.source(),
            s.format(),
            f.segments(),
            f.blocks(),
            s.traces().size()));
    b.append("| figure | value |\n|---|---|\n");
    b.append(row("reserved", mib(f.reserved())));
    b.append(row("allocated (after rounding)", mib(f.allocated())));
    b.append(row("requested", mib(f.requested())));
    b.append(row("pending free", mib(f.pendingFree())));
    b.append(row("cached free", mib(f.free())));
    b.append(row("of which in segments with live blocks (inactive split)", mib(f.inactiveSplit())));
    b.append(row("largest free block", mib(f.largestFree())));
    b.append(row("internal fragmentation (1 - requested/allocated)", pct(f.internal())));
    b.append(row("external fragmentation (1 - largest free/free)", pct(f.external())));
    b.append(
        "\n| segment | type | stream | size | allocated | free | internal |\n|---|---|---|---|---|---|---|\n");
    for (SnapshotSegment seg : s.segments()) {
      long alloc = seg.allocatedBytes();
      b.append(
          String.format(
              Locale.ROOT,
              "| 0x%x | %s%s | %d | %s | %s | %s | %s |%n",
              seg.address(),
              seg.segmentType(),
              seg.expandable() ? " (expandable)" : "",
              seg.stream(),
              mib(seg.totalSize()),
              mib(alloc),
              mib(seg.freeBytes()),
              alloc == 0 ? "—" : pct(1.0 - (double) seg.requestedBytes() / alloc)));
    }
    return b.toString();
  }

  private static String row(String k, String v) {
    return "| " + k + " | " + v + " |\n";
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
