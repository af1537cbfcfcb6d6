package dev.fleetscope.services.ebpf;

/** Receives a trace stream as it is read. Called from the one thread that reads the stream. */
public interface TraceListener {
  void record(TraceRecord record);

  /** A line that is not a record; counted and shown, never fatal. */
  void badLine(long lineNumber, String line, String reason);

  /** What bpftrace wrote on stderr, or the runner's own notes; one line each. */
  void diagnostic(String line);
}
