package dev.fleetscope.services.ebpf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Plays a recorded stream (the raw lines a run saved, or any {@code bpftrace -f json} output) into
 * a listener, on a thread of its own. Paced by the stream's {@code time} records, which library
 * scripts print once per interval: at speed 1 an interval takes {@code intervalMillis}; speed 0
 * plays as fast as the reader goes.
 */
public final class RecordedTrace implements TraceRun {
  private final String name;
  private final CompletableFuture<TraceEnd> done = new CompletableFuture<>();
  private volatile boolean stopped;
  private volatile boolean cancelled;

  /**
   * @param open opens the recording (called on the player's thread)
   */
  public RecordedTrace(
      String name,
      Supplier<InputStream> open,
      TraceListener listener,
      double speed,
      long intervalMillis) {
    this.name = name;
    Thread t =
        new Thread(
            () -> {
              TraceReader reader = new TraceReader(listener, null);
              try (InputStream in = open.get();
                  BufferedReader r =
                      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while (!stopped && (line = r.readLine()) != null) {
                  reader.accept(line);
                  if (speed > 0 && line.startsWith("{\"type\": \"time\"")) {
                    Thread.sleep((long) (intervalMillis / speed));
                  }
                }
                done.complete(
                    new TraceEnd(
                        true,
                        cancelled
                            ? "Replay cancelled."
                            : stopped ? "Replay stopped." : "Replay finished.",
                        reader.lines()));
              } catch (IOException | RuntimeException e) {
                done.complete(
                    new TraceEnd(
                        false,
                        "Could not read the recording " + name + ": " + e.getMessage(),
                        reader.lines()));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.complete(new TraceEnd(true, "Replay stopped.", reader.lines()));
              }
            },
            "trace-replay");
    t.setDaemon(true);
    t.start();
  }

  /** Opens a recorded stream file, gunzipping one whose name ends in .gz. */
  public static InputStream openFile(java.nio.file.Path file) throws IOException {
    InputStream raw = java.nio.file.Files.newInputStream(file);
    return file.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw;
  }

  @Override
  public String target() {
    return "recorded: " + name;
  }

  @Override
  public void stop() {
    stopped = true;
  }

  @Override
  public void cancel() {
    cancelled = true;
    stopped = true;
  }

  @Override
  public CompletableFuture<TraceEnd> done() {
    return done;
  }
}
