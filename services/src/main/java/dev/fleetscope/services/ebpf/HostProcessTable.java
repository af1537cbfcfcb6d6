package dev.fleetscope.services.ebpf;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@link PodAttribution.ProcessTable} of the host Fleetscope runs on: {@code /proc/PID/cgroup}
 * and the inode numbers of cgroupfs directories (a cgroup v2 id is its directory's inode). Roots
 * are parameters so tests can lay out a host of their own.
 */
public final class HostProcessTable implements PodAttribution.ProcessTable {
  private final Path procRoot;
  private final Path cgroupRoot;
  private Map<Long, String> byInode = Map.of();
  private long indexedAt;

  public HostProcessTable() {
    this(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
  }

  public HostProcessTable(Path procRoot, Path cgroupRoot) {
    this.procRoot = procRoot;
    this.cgroupRoot = cgroupRoot;
  }

  @Override
  public Optional<String> cgroupOf(int pid) {
    try {
      List<String> lines =
          Files.readAllLines(procRoot.resolve(Integer.toString(pid)).resolve("cgroup"));
      String fallback = null;
      for (String line : lines) {
        // hierarchy-ID:controllers:path; the unified (v2) hierarchy is "0::path"
        String[] f = line.split(":", 3);
        if (f.length < 3) {
          continue;
        }
        if (f[0].equals("0") && f[1].isEmpty()) {
          return Optional.of(f[2]);
        }
        if (fallback == null || f[1].contains("cpu")) {
          fallback = f[2];
        }
      }
      return Optional.ofNullable(fallback);
    } catch (IOException e) {
      return Optional.empty(); // gone, or not ours to read
    }
  }

  @Override
  public synchronized Optional<String> cgroupPath(long cgroupId) {
    String p = byInode.get(cgroupId);
    if (p == null && System.nanoTime() - indexedAt > 5_000_000_000L) {
      index();
      p = byInode.get(cgroupId);
    }
    return Optional.ofNullable(p);
  }

  private void index() {
    indexedAt = System.nanoTime();
    Map<Long, String> out = new HashMap<>();
    if (!Files.isDirectory(cgroupRoot)) {
      byInode = out;
      return;
    }
    try (Stream<Path> dirs = Files.walk(cgroupRoot, 10, new FileVisitOption[0])) {
      dirs.filter(Files::isDirectory)
          .forEach(
              d -> {
                try {
                  Object ino = Files.getAttribute(d, "unix:ino");
                  String rel = "/" + cgroupRoot.relativize(d).toString();
                  out.put(((Number) ino).longValue(), rel.equals("/") ? "/" : rel);
                } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                  // skip what cannot be read
                }
              });
    } catch (IOException | java.io.UncheckedIOException e) {
      // keep what was read
    }
    byInode = out;
  }
}
