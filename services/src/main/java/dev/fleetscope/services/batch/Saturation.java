package dev.fleetscope.services.batch;

import java.time.Duration;
import java.util.Locale;

/**
 * Says whether a replica's batch is saturated and by what: memory (the KV cache is full, so
 * requests wait and running ones get preempted), the batch limit (running at the engine's maximum),
 * or something else holding requests in the queue while the cache has room.
 */
public final class Saturation {
  /** KV-cache use from which new requests can no longer be admitted for long. */
  public static final double KV_FULL = 0.90;

  private Saturation() {}

  public enum Level {
    OK,
    WARNING,
    SATURATED
  }

  /** A judgement: its level, the limiting signal and the sentence that explains it. */
  public record Verdict(Level level, String bound, String reason) {
    static final Verdict OK = new Verdict(Level.OK, "", "");
  }

  /** Judges a replica from its history; rates over the last {@code window}. */
  public static Verdict judge(ReplicaHistory h, Duration window) {
    ReplicaScrape last = h.latest();
    if (last == null) {
      return Verdict.OK;
    }
    double waiting = last.get(Signal.WAITING);
    double running = last.get(Signal.RUNNING);
    double kv = last.kvUsage();
    double preempt = h.now(Figure.PREEMPTIONS, window);
    double max = last.get(Signal.MAX_RUNNING);
    boolean queued = waiting > 0;
    boolean kvFull = kv >= KV_FULL;
    boolean preempting = preempt > 0;
    if (queued && kvFull) {
      return new Verdict(
          Level.SATURATED,
          "memory",
          String.format(
              Locale.ROOT,
              "%s waiting while KV cache at %.0f%%%s: the batch is memory-bound",
              count(waiting),
              kv * 100,
              preempting
                  ? String.format(Locale.ROOT, " and preemptions rising (%.2f/s)", preempt)
                  : ""));
    }
    if (queued && max > 0 && running >= max) {
      return new Verdict(
          Level.SATURATED,
          "batch size",
          String.format(
              Locale.ROOT,
              "%s waiting with %s running, the engine's maximum: the batch is full",
              count(waiting),
              count(running)));
    }
    if (queued) {
      return new Verdict(
          Level.WARNING,
          "scheduler",
          String.format(
              Locale.ROOT,
              "%s waiting while KV cache %s: a batch limit (max-num-seqs,"
                  + " max-num-batched-tokens) or compute holds them, not memory",
              count(waiting),
              Double.isNaN(kv)
                  ? "use is not reported"
                  : String.format(Locale.ROOT, "at %.0f%%", kv * 100)));
    }
    if (preempting) {
      return new Verdict(
          Level.WARNING,
          "memory",
          String.format(
              Locale.ROOT,
              "preempting %.2f/s with KV cache at %.0f%%: requests are being recomputed",
              preempt,
              kv * 100));
    }
    if (kvFull) {
      return new Verdict(
          Level.WARNING,
          "memory",
          String.format(
              Locale.ROOT, "KV cache at %.0f%%: new requests will start to wait", kv * 100));
    }
    return Verdict.OK;
  }

  private static String count(double n) {
    long r = Math.round(n);
    return r + (r == 1 ? " request" : " requests");
  }
}
