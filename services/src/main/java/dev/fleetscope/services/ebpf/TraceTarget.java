package dev.fleetscope.services.ebpf;

import java.io.Writer;
import java.util.Optional;

/** Somewhere a trace can run: this host, or a cluster node through a debug pod. */
public interface TraceTarget {
  /** For people: "this host", "node gpu-a-01 (prod)". */
  String describe();

  /** Empty when a trace can start here now, else why not (for people, with what to do). */
  Optional<String> unavailable();

  /**
   * Starts the program; records and diagnostics go to {@code listener} from a thread of the
   * target's own.
   *
   * @param recording receives every raw line of output, or null
   */
  TraceRun start(String program, int limitSeconds, TraceListener listener, Writer recording)
      throws TraceStartException;
}
