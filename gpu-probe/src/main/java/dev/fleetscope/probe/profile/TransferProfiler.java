package dev.fleetscope.probe.profile;

import dev.fleetscope.probe.CopyKind;
import dev.fleetscope.probe.DeviceSession;
import dev.fleetscope.probe.ProbeRefusedException;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.device.DeviceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Times copies between host and device and within the device. Each point is warmed up with one
 * copy, then copied {@link TransferPlan#repeats} times; the median copy gives the bandwidth.
 */
public final class TransferProfiler {
  private final long marginBytes;

  public TransferProfiler(long marginBytes) {
    this.marginBytes = marginBytes;
  }

  public TransferProfile run(DeviceSession session, TransferPlan plan, Progress progress) {
    DeviceInfo device = session.device();
    long buffer = plan.maxSize() + plan.maxOffset();
    long deviceNeed = 2 * AllocationProfiler.roundUp(buffer, 2L << 20);
    long free = session.freeBytes();
    if (deviceNeed > free - marginBytes) {
      throw new ProbeRefusedException(
          String.format(
              "refused: transfers up to %s need %s of device memory, but only %s is free and the"
                  + " probe leaves a margin of %s; nothing was allocated",
              Bytes.format(plan.maxSize()),
              Bytes.format(deviceNeed),
              Bytes.format(free),
              Bytes.format(marginBytes)));
    }
    long host = HostMemory.availableBytes();
    if (host >= 0 && 2 * buffer > host - marginBytes) {
      throw new ProbeRefusedException(
          String.format(
              "refused: transfers up to %s need %s of host memory (pinned and pageable), but only"
                  + " %s is available; nothing was allocated",
              Bytes.format(plan.maxSize()), Bytes.format(2 * buffer), Bytes.format(host)));
    }
    double link = device.link() == null ? 0 : device.link().theoreticalGBps();
    long wall0 = System.nanoTime();
    session.prepareTransfers(plan.maxSize(), plan.maxOffset());
    List<TransferPoint> points = new ArrayList<>(plan.points());
    long[] times = new long[200];
    int done = 0;
    for (CopyKind kind : plan.kinds()) {
      for (long size : plan.sizes()) {
        for (long[] off : plan.offsetPairs()) {
          progress.check();
          progress.update(
              "copying " + kind.direction() + " " + kind.memory() + " " + Bytes.format(size),
              done,
              plan.points());
          int repeats = plan.repeats(size);
          session.copy(kind, size, off[0], off[1]);
          for (int r = 0; r < repeats; r++) {
            times[r] = session.copy(kind, size, off[0], off[1]);
          }
          Percentiles p = Percentiles.of(times, repeats);
          double gbps = p.median() == 0 ? 0 : (double) size / p.median();
          double pct = kind.crossesLink() && link > 0 ? 100.0 * gbps / link : -1;
          points.add(
              new TransferPoint(
                  kind.direction(),
                  kind.memory(),
                  size,
                  off[0],
                  off[1],
                  repeats,
                  p.median(),
                  p.min(),
                  gbps,
                  pct));
          done++;
        }
      }
    }
    progress.update("copies done", done, plan.points());
    return new TransferProfile(
        device.index(),
        device.link() == null ? "unknown" : device.link().toString(),
        link,
        points,
        System.nanoTime() - wall0);
  }
}
