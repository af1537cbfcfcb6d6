package dev.fleetscope.services.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Streams recorded with the library's scripts by bpftrace 0.17 on a 2-core Linux build host while
 * docs/ebpf-recording-load.py (CPU spinners, lock holders, loopback connects, fsync'd writes) and,
 * for the run-queue and profile recordings, six shell busy-loops ran. Played when live tracing is
 * not possible, and labelled as recorded wherever they show.
 */
public final class DemoRecordings {
  /** A recording: the script it was made with (its id), and where it came from. */
  public record Recording(String id, String title, String origin) {}

  public static final String ORIGIN =
      "recorded with bpftrace 0.17 on a 2-core build host under a synthetic load";

  private DemoRecordings() {}

  public static List<Recording> all() {
    return ScriptLibrary.all().stream()
        .filter(s -> DemoRecordings.class.getResource("recordings/" + s.id() + ".jsonl.gz") != null)
        .map(s -> new Recording(s.id(), s.title(), ORIGIN))
        .toList();
  }

  public static InputStream open(String id) {
    InputStream in = DemoRecordings.class.getResourceAsStream("recordings/" + id + ".jsonl.gz");
    if (in == null) {
      throw new IllegalArgumentException("no recording " + id);
    }
    try {
      return new GZIPInputStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
