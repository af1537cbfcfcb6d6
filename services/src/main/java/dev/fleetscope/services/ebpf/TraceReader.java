package dev.fleetscope.services.ebpf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a bpftrace JSON stream line by line into a listener, optionally copying every raw line to a
 * recording. A line that is not a record is reported and skipped; only an I/O error ends the read.
 */
public final class TraceReader {
  private final TraceParser parser = new TraceParser();
  private final TraceListener listener;
  private final Writer recording;
  private final boolean mergedStderr;
  private volatile long lines;
  private volatile boolean stopped;

  /**
   * @param recording where raw lines are copied, or null
   */
  public TraceReader(TraceListener listener, Writer recording) {
    this(listener, recording, false);
  }

  /**
   * @param mergedStderr the stream also carries bpftrace's stderr (a container's log): lines that
   *     do not start with '{' are diagnostics, not bad lines
   */
  public TraceReader(TraceListener listener, Writer recording, boolean mergedStderr) {
    this.listener = listener;
    this.recording = recording;
    this.mergedStderr = mergedStderr;
  }

  /** Makes {@link #read} return after the line it is on (a replay being stopped). */
  public void stop() {
    stopped = true;
  }

  public long lines() {
    return lines;
  }

  /** Reads to the end of the stream (or {@link #stop()}); returns the number of lines read. */
  public long read(InputStream in) throws IOException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
    String line;
    while (!stopped && (line = r.readLine()) != null) {
      accept(line);
    }
    if (recording != null) {
      recording.flush();
    }
    return lines;
  }

  /** Handles one line (without its newline). */
  public void accept(String line) throws IOException {
    lines++;
    if (recording != null) {
      recording.write(line);
      recording.write('\n');
    }
    if (line.isBlank()) {
      return;
    }
    if (mergedStderr && line.charAt(0) != '{') {
      listener.diagnostic(LocalTraceTarget.explain(line));
      return;
    }
    TraceRecord rec;
    try {
      rec = parser.parse(line);
    } catch (TraceFormatException e) {
      listener.badLine(lines, line, e.getMessage());
      return;
    }
    listener.record(rec);
  }
}
