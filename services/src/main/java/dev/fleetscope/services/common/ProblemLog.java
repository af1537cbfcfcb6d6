package dev.fleetscope.services.common;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Problems to show the user (in the status bar's error list), reported from any thread. Bounded:
 * the oldest entries fall off. Messages are for people; stack traces stay in the log file.
 */
public final class ProblemLog {
  /** One problem: where it came from and what happened. */
  public record Problem(Instant at, String source, String message) {}

  static final int CAPACITY = 200;
  private final Deque<Problem> problems = new ArrayDeque<>();
  private final ChangeSignal changes = new ChangeSignal();
  private final Clock clock;

  public ProblemLog(Clock clock) {
    this.clock = clock;
  }

  public void report(String source, String message) {
    synchronized (problems) {
      problems.addLast(new Problem(clock.instant(), source, message));
      while (problems.size() > CAPACITY) {
        problems.removeFirst();
      }
    }
    changes.fire();
  }

  /** Newest last. */
  public List<Problem> recent() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  public Subscription onChange(Runnable listener) {
    return changes.subscribe(listener);
  }
}
