package dev.fleetscope.probe.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the host has free, for the pinned-memory safety check. */
final class HostMemory {
  private HostMemory() {}

  /** MemAvailable from /proc/meminfo in bytes, or -1 when it cannot be read. */
  static long availableBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) {
          String kb = line.substring("MemAvailable:".length()).replace("kB", "").trim();
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
