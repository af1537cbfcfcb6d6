package dev.fleetscope.services.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bpftrace scripts written for Fleetscope and shipped with it (resources under {@code
 * scripts/}). Each starts with {@code // title:}, {@code // about:}, {@code // params:} and {@code
 * // unit:} lines. They use tracepoints only, no kprobes, so they run on kernels and in containers
 * where kprobes are off.
 */
public final class ScriptLibrary {
  /** In the order the console lists them. */
  public static final List<String> IDS =
      List.of("runqlat", "offcpu", "syscalls", "tcp", "blockio", "pagefaults", "profile");

  private static final List<TraceScript> ALL = load();

  private ScriptLibrary() {}

  public static List<TraceScript> all() {
    return ALL;
  }

  public static Optional<TraceScript> get(String id) {
    return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  private static List<TraceScript> load() {
    List<TraceScript> out = new ArrayList<>();
    for (String id : IDS) {
      String path = "scripts/" + id + ".bt";
      try (InputStream in = ScriptLibrary.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("script " + path + " is missing from the build");
        }
        out.add(parse(id, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(out);
  }

  static TraceScript parse(String id, String source) {
    String title = id;
    String about = "";
    String unit = "";
    List<String> params = List.of();
    for (String line : source.split("\n")) {
      if (!line.startsWith("//")) {
        break;
      }
      String l = line.substring(2).strip();
      if (l.startsWith("title:")) {
        title = l.substring(6).strip();
      } else if (l.startsWith("about:")) {
        about = l.substring(6).strip();
      } else if (l.startsWith("unit:")) {
        unit = l.substring(5).strip();
      } else if (l.startsWith("params:")) {
        params = List.of(l.substring(7).strip().split("\\s+"));
      }
    }
    return new TraceScript(id, title, about, unit, source, params);
  }
}
