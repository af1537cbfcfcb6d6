package dev.fleetscope.services.ebpf;

import java.util.Locale;

/**
 * Why a request-serving thread stalled, as far as one trace event tells. Events of these kinds at
 * or over the glitch threshold are glitches; a TCP retransmit always is (it costs at least the
 * retransmission timeout, 200 ms by default on Linux).
 */
public enum GlitchCause {
  RUN_QUEUE("run-queue wait"),
  LOCK("off-CPU on a lock/futex"),
  OFF_CPU("off-CPU (other)"),
  BLOCK_IO("block I/O"),
  TCP_RETRANSMIT("TCP retransmit"),
  TCP_CONNECT("slow TCP connect"),
  SYSCALL("slow syscall");

  public final String label;

  GlitchCause(String label) {
    this.label = label;
  }

  /** The cause an event of this kind stands for, or null when such events are not glitches. */
  public static GlitchCause of(TraceEvent e) {
    switch (e.kind()) {
      case "runq":
        return RUN_QUEUE;
      case "futex":
        // ETIMEDOUT (-110): a timed wait that ran out, i.e. a sleep, not a lock held by another.
        return e.field("ret").equals("-110") ? null : LOCK;
      case "lock":
        return LOCK;
      case "offcpu":
        {
          String why = e.field("why").toLowerCase(Locale.ROOT);
          return why.contains("futex") || why.contains("mutex") || why.contains("lock")
              ? LOCK
              : OFF_CPU;
        }
      case "block":
        return BLOCK_IO;
      case "retrans":
        return TCP_RETRANSMIT;
      case "connect":
        return TCP_CONNECT;
      case "syscall":
        {
          String name = SyscallNames.name(parseNr(e.field("nr")));
          if (name.equals("futex")) {
            return LOCK;
          }
          return SyscallNames.waiting(name) ? null : SYSCALL;
        }
      default:
        return null;
    }
  }

  private static long parseNr(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException ex) {
      return -1;
    }
  }

  /** True when this event is a glitch at the given threshold. */
  public static boolean isGlitch(TraceEvent e, double thresholdMs) {
    GlitchCause c = of(e);
    if (c == null) {
      return false;
    }
    if (c == TCP_RETRANSMIT) {
      return true;
    }
    return !Double.isNaN(e.latencyMs()) && e.latencyMs() >= thresholdMs;
  }
}
