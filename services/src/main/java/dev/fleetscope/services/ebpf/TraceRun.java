package dev.fleetscope.services.ebpf;

import java.util.concurrent.CompletableFuture;

/** A trace that is running: live on a host or a node, or a recording being played. */
public interface TraceRun {
  /** Where it runs, for people: "this host", "node gpu-a-01 (prod)", "recorded: FILE". */
  String target();

  /** Asks bpftrace to finish (SIGINT): it prints its maps, then exits. */
  void stop();

  /** Ends the run now, without final maps (and removes whatever it created). */
  void cancel();

  /** Completes once the run is over and its whole stream has been read. */
  CompletableFuture<TraceEnd> done();
}
