package dev.fleetscope.views.ebpf;

import dev.fleetscope.services.ebpf.PodAttribution;
import dev.fleetscope.services.ebpf.TraceListener;
import dev.fleetscope.services.ebpf.TraceRun;
import dev.fleetscope.services.ebpf.TraceStartException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the eBPF section runs traces with: targets, starting, replaying, attribution. */
public interface TraceControl {
  /** Where a trace can run, or a recording to play. */
  record Target(String id, String label, Kind kind, Optional<String> unavailable) {
    public enum Kind {
      HOST,
      NODE,
      RECORDING
    }

    @Override
    public String toString() {
      return label + unavailable.map(u -> " — unavailable").orElse("");
    }
  }

  /** This host, the clusters' nodes (absent in read-only mode), and the built-in recordings. */
  List<Target> targets();

  /**
   * What starting on this target changes in a cluster, for confirmation (the debug pod's spec, its
   * context and namespace); empty when nothing (this host, recordings).
   */
  Optional<String> changeToConfirm(Target target, String program, int limitSeconds);

  /** Checks RBAC and privileges (blocking); empty when the target can trace now. */
  Optional<String> check(Target target);

  /** Starts a live trace (blocking: creates the debug pod on a node). */
  TraceRun start(
      Target target, String program, int limitSeconds, TraceListener listener, Writer recording)
      throws TraceStartException;

  /** Plays a built-in recording ({@link Target.Kind#RECORDING}) or a file. */
  TraceRun replay(
      Optional<Target> recording, Optional<Path> file, TraceListener listener, double speed);

  /** Who owns the processes a trace on this target sees. */
  PodAttribution attribution(Target target);

  /** Where this run's raw stream is recorded (a new file). */
  Path newRecordingFile(String scriptId);

  /** Debug pods a crashed console left behind, as "context/namespace/name". */
  List<String> leftovers();

  /** Deletes them (after the user agreed); returns how many went. */
  int cleanUpLeftovers();

  /** True when the console runs on the demo fleet. */
  boolean demo();
}
