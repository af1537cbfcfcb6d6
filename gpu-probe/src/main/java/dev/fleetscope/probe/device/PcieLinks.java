package dev.fleetscope.probe.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a PCI device's link from sysfs. */
public final class PcieLinks {
  private PcieLinks() {}

  /**
   * The link of the PCI device at {@code domain:bus:device.0} under {@code sysfsRoot} (normally
   * /sys/bus/pci/devices), or null when sysfs does not have it (containers, non-Linux hosts).
   */
  public static PcieLink read(Path sysfsRoot, int domain, int bus, int device) {
    String address = String.format(Locale.ROOT, "%04x:%02x:%02x.0", domain, bus, device);
    Path dir = sysfsRoot.resolve(address);
    try {
      int curGen = PcieLink.generationOf(Files.readString(dir.resolve("current_link_speed")));
      int maxGen = PcieLink.generationOf(Files.readString(dir.resolve("max_link_speed")));
      int curWidth = Integer.parseInt(Files.readString(dir.resolve("current_link_width")).trim());
      int maxWidth = Integer.parseInt(Files.readString(dir.resolve("max_link_width")).trim());
      return new PcieLink(curGen, curWidth, maxGen, maxWidth);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  public static String busId(int domain, int bus, int device) {
    return String.format(Locale.ROOT, "%04x:%02x:%02x.0", domain, bus, device);
  }
}
