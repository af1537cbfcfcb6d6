package dev.fleetscope.probe.device;

/**
 * A PCIe link: its current and maximum generation and width, as the kernel reports them under
 * /sys/bus/pci/devices/ADDRESS/{current,max}_link_{speed,width}. GPUs lower their link speed when
 * idle, so the theoretical limit is taken from the maximum.
 */
public record PcieLink(int currentGeneration, int currentWidth, int maxGeneration, int maxWidth) {

  /** Usable bytes per second per lane and direction after line coding, by generation. */
  private static final double[] LANE_GBPS = {0, 0.25, 0.5, 0.984615, 1.969231, 3.938462, 7.563};

  /** The theoretical one-direction limit of the link at its maximum, in GB/s (10^9 bytes/s). */
  public double theoreticalGBps() {
    if (maxGeneration <= 0 || maxGeneration >= LANE_GBPS.length) {
      return 0;
    }
    return LANE_GBPS[maxGeneration] * maxWidth;
  }

  /** The generation for a link speed as sysfs writes it ("16.0 GT/s PCIe"). */
  public static int generationOf(String speed) {
    String s = speed.trim();
    int space = s.indexOf(' ');
    double gts;
    try {
      gts = Double.parseDouble(space > 0 ? s.substring(0, space) : s);
    } catch (NumberFormatException e) {
      return 0;
    }
    if (gts >= 64) {
      return 6;
    }
    if (gts >= 32) {
      return 5;
    }
    if (gts >= 16) {
      return 4;
    }
    if (gts >= 8) {
      return 3;
    }
    if (gts >= 5) {
      return 2;
    }
    return gts >= 2.5 ? 1 : 0;
  }

  @Override
  public String toString() {
    return "PCIe Gen"
        + maxGeneration
        + " x"
        + maxWidth
        + (currentGeneration != maxGeneration || currentWidth != maxWidth
            ? " (now Gen" + currentGeneration + " x" + currentWidth + ")"
            : "");
  }
}
