package dev.fleetscope.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/** Small helpers for code that drives the UI from another thread (smoke test, benchmarks). */
public final class FxThread {
  private FxThread() {}

  public static <T> T call(Supplier<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            result.complete(work.get());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result.get(60, TimeUnit.SECONDS);
  }

  public static void run(Runnable work) throws Exception {
    call(
        () -> {
          work.run();
          return null;
        });
  }

  /** Waits until {@code count} more pulses have passed, so what was changed is drawn. */
  public static void pulses(int count) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Platform.runLater(
        () ->
            new AnimationTimer() {
              int seen;

              @Override
              public void handle(long now) {
                if (++seen >= count) {
                  stop();
                  done.complete(null);
                }
              }
            }.start());
    done.get(30, TimeUnit.SECONDS);
  }

  /** Polls a condition on the FX thread until it holds or the timeout passes. */
  public static boolean await(Supplier<Boolean> condition, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (call(condition)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
