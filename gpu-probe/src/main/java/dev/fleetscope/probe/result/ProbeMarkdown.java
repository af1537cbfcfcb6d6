package dev.fleetscope.probe.result;

import dev.fleetscope.probe.allocator.ModelStats;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.profile.AllocationProfile;
import dev.fleetscope.probe.profile.Bytes;
import dev.fleetscope.probe.profile.TransferPoint;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A probe result as a Markdown report (for tickets and runbooks). */
public final class ProbeMarkdown {
  private ProbeMarkdown() {}

  public static String of(ProbeResult r) {
    StringBuilder b = new StringBuilder("# GPU probe result\n\n");
    b.append(
        f(
            "Made on `%s` at %s by gpu-probe %s; %s.%n%n",
            r.host(),
            r.createdAt(),
            r.toolVersion(),
            r.measured() ? "contains measurements" : "modelled only (no GPU measured)"));
    if (!r.devices().isEmpty()) {
      b.append(
          "## Devices\n\n| # | name | compute | memory | texture alignment | VMM granularity | PCIe | driver |\n|---|---|---|---|---|---|---|---|\n");
      for (DeviceInfo d : r.devices()) {
        b.append(
            f(
                "| %d | %s | %s | %s | %d B | %s | %s | %s |%n",
                d.index(),
                d.name(),
                d.computeCapability(),
                Bytes.format(d.totalBytes()),
                d.textureAlignment(),
                Bytes.format(d.vmmGranularityMinimum()),
                d.link() == null
                    ? "unknown"
                    : d.link() + f(" (%.1f GB/s)", d.link().theoreticalGBps()),
                d.driverVersion()));
      }
      b.append('\n');
    }
    if (r.workload() != null) {
      ProbeResult.WorkloadSummary w = r.workload();
      b.append(
          f(
              "## Workload%n%n%s (%s): %d tensors, %d events, %s in all, peak %s live.%n%n",
              w.name(),
              w.source(),
              w.tensors(),
              w.events(),
              Bytes.format(w.totalBytes()),
              Bytes.format(w.peakLiveBytes())));
    }
    if (!r.allocations().isEmpty()) {
      b.append(
          "## Allocators (measured)\n\n| allocator | alloc median | alloc p99 | free median | free p99 | rounding waste | alignments |\n|---|---|---|---|---|---|---|\n");
      for (AllocationProfile a : r.allocations()) {
        StringBuilder hist = new StringBuilder();
        for (Map.Entry<Long, Integer> e : new TreeMap<>(a.alignmentHistogram()).entrySet()) {
          hist.append(hist.length() == 0 ? "" : ", ")
              .append(Bytes.format(e.getKey()))
              .append(": ")
              .append(e.getValue());
        }
        b.append(
            f(
                "| %s | %.1f us | %.1f us | %.1f us | %.1f us | %s%s | %s |%n",
                a.allocator(),
                a.allocLatency().median() / 1e3,
                a.allocLatency().p99() / 1e3,
                a.freeLatency().median() / 1e3,
                a.freeLatency().p99() / 1e3,
                Bytes.format(a.knownWaste()),
                a.unknownWaste() > 0 ? " (+" + a.unknownWaste() + " unknown)" : "",
                hist));
      }
      b.append('\n');
    }
    if (r.model() != null) {
      ModelStats s = r.model().stats();
      String conf = r.model().config().asAllocConf();
      b.append(
          f(
              "## PyTorch caching allocator (modelled%s)%n%n",
              conf.isEmpty() ? "" : ", `" + conf + "`"));
      b.append("| figure | value |\n|---|---|\n");
      b.append(
          f(
              "| peak reserved | %s |%n| peak allocated | %s |%n| peak requested | %s |%n",
              Bytes.format(s.peakReserved()),
              Bytes.format(s.peakAllocated()),
              Bytes.format(s.peakRequested())));
      b.append(f("| reserved but not requested at peak | %.1f%% |%n", 100 * s.peakWasteRatio()));
      b.append(
          f(
              "| segments at the end | %d (%s reserved, %s inactive split) |%n",
              s.segments(), Bytes.format(s.reserved()), Bytes.format(s.inactiveSplitBytes())));
      b.append(
          f(
              "| segment allocations / releases / OOMs | %d / %d / %d |%n%n",
              s.cudaMallocs(), s.cudaFrees(), s.ooms()));
    }
    if (r.transfers() != null) {
      b.append(
          f(
              "## Transfers (measured over %s, %.1f GB/s per direction)%n%n",
              r.transfers().link(), r.transfers().linkGBps()));
      b.append(
          "| direction | memory | size | src offset | dst offset | GB/s | % of link |\n|---|---|---|---|---|---|---|\n");
      for (TransferPoint p : r.transfers().points()) {
        b.append(
            f(
                "| %s | %s | %s | %d | %d | %.2f | %s |%n",
                p.direction(),
                p.memory(),
                Bytes.format(p.bytes()),
                p.srcOffset(),
                p.dstOffset(),
                p.gbps(),
                p.percentOfLink() < 0 ? "—" : f("%.1f", p.percentOfLink())));
      }
      b.append('\n');
    }
    if (!r.problems().isEmpty()) {
      b.append("## Not measured\n\n");
      for (String p : r.problems()) {
        b.append("- ").append(p).append('\n');
      }
    }
    return b.toString();
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
