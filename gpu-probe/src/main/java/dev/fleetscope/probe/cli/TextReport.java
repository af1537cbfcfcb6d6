package dev.fleetscope.probe.cli;

import dev.fleetscope.probe.allocator.ModelStats;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.profile.AllocationProfile;
import dev.fleetscope.probe.profile.Bytes;
import dev.fleetscope.probe.profile.TransferPoint;
import dev.fleetscope.probe.profile.TransferProfile;
import dev.fleetscope.probe.result.ProbeResult;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A probe result as plain text for a terminal. */
public final class TextReport {
  private TextReport() {}

  public static String of(ProbeResult r) {
    StringBuilder b = new StringBuilder();
    for (DeviceInfo d : r.devices()) {
      b.append(devices(d));
    }
    if (r.workload() != null) {
      ProbeResult.WorkloadSummary w = r.workload();
      b.append(
          f(
              "Workload  %s (%s): %d tensors, %d events, %s in all, peak %s live%n",
              w.name(),
              w.source(),
              w.tensors(),
              w.events(),
              Bytes.format(w.totalBytes()),
              Bytes.format(w.peakLiveBytes())));
    }
    for (AllocationProfile a : r.allocations()) {
      b.append(
          f(
              "%nMeasured  %s on device %d: alloc median %s p99 %s, free median %s p99 %s,"
                  + " rounding waste %s%s%n",
              a.allocator(),
              a.device(),
              micros(a.allocLatency().median()),
              micros(a.allocLatency().p99()),
              micros(a.freeLatency().median()),
              micros(a.freeLatency().p99()),
              Bytes.format(a.knownWaste()),
              a.unknownWaste() > 0 ? " (+" + a.unknownWaste() + " allocations unknown)" : ""));
      b.append("  alignment  ");
      for (Map.Entry<Long, Integer> e : new TreeMap<>(a.alignmentHistogram()).entrySet()) {
        b.append(Bytes.format(e.getKey())).append(": ").append(e.getValue()).append("  ");
      }
      b.append(System.lineSeparator());
    }
    if (r.model() != null) {
      ModelStats s = r.model().stats();
      String conf = r.model().config().asAllocConf();
      b.append(
          f(
              "%nModelled  PyTorch caching allocator%s: peak reserved %s, peak allocated %s,"
                  + " peak requested %s (%.1f%% of reserved not requested)%n",
              conf.isEmpty() ? "" : " [" + conf + "]",
              Bytes.format(s.peakReserved()),
              Bytes.format(s.peakAllocated()),
              Bytes.format(s.peakRequested()),
              100 * s.peakWasteRatio()));
      b.append(
          f(
              "  at the end: %d segments, %s reserved, %s allocated, %s inactive split,"
                  + " largest free block %s; %d segment allocations, %d releases, %d OOMs%n",
              s.segments(),
              Bytes.format(s.reserved()),
              Bytes.format(s.allocated()),
              Bytes.format(s.inactiveSplitBytes()),
              Bytes.format(s.largestFreeBlock()),
              s.cudaMallocs(),
              s.cudaFrees(),
              s.ooms()));
    }
    if (r.transfers() != null) {
      b.append(transfers(r.transfers()));
    }
    for (String p : r.problems()) {
      b.append(f("%nNot measured  %s%n", p));
    }
    return b.toString();
  }

  static String devices(DeviceInfo d) {
    return f(
        "Device %d  %s (compute %s, %d SMs), %s total, %s free, %s%n"
            + "          texture alignment %d B, VMM granularity %s minimum / %s recommended,"
            + " memory pools %s, %s%n",
        d.index(),
        d.name(),
        d.computeCapability(),
        d.multiprocessors(),
        Bytes.format(d.totalBytes()),
        Bytes.format(d.freeBytes()),
        d.link() == null
            ? "PCIe link unknown"
            : d.link() + f(", %.1f GB/s per direction", d.link().theoreticalGBps()),
        d.textureAlignment(),
        Bytes.format(d.vmmGranularityMinimum()),
        Bytes.format(d.vmmGranularityRecommended()),
        d.memoryPoolsSupported() ? "yes" : "no",
        d.driverVersion());
  }

  private static String transfers(TransferProfile t) {
    StringBuilder b = new StringBuilder();
    b.append(f("%nMeasured  transfers on device %d over %s%n", t.device(), t.link()));
    b.append(
        f(
            "  %-4s %-9s %10s %6s %6s %9s %8s%n",
            "dir", "memory", "size", "src+", "dst+", "GB/s", "% link"));
    for (TransferPoint p : t.points()) {
      b.append(
          f(
              "  %-4s %-9s %10s %6d %6d %9.2f %8s%n",
              p.direction(),
              p.memory(),
              Bytes.format(p.bytes()),
              p.srcOffset(),
              p.dstOffset(),
              p.gbps(),
              p.percentOfLink() < 0 ? "-" : f("%.1f", p.percentOfLink())));
    }
    return b.toString();
  }

  private static String micros(long nanos) {
    return f("%.1f us", nanos / 1000.0);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
