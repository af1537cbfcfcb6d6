package dev.fleetscope.services.metrics.adapter;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server run as a child process on 127.0.0.1 with its own data directory, with
 * history backfilled by {@code promtool tsdb create-blocks-from openmetrics}. The integration tests
 * and the SLO benchmark use it; it can be stopped and started again on the same port and data, to
 * show how panels ride out an outage.
 */
public final class LocalPrometheus implements AutoCloseable {
  private final Path dataDir;
  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  private LocalPrometheus(Path workDir) throws IOException {
    this.dataDir = Files.createDirectories(workDir.resolve("data"));
    this.config = workDir.resolve("prometheus.yml");
    this.log = workDir.resolve("prometheus.log");
    Files.writeString(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      this.port = s.getLocalPort();
    }
  }

  /** Whether the prometheus and promtool programs are on the PATH. */
  public static boolean installed() {
    return onPath("prometheus") && onPath("promtool");
  }

  /**
   * Backfills {@code openMetrics} (timestamps in seconds, ending with {@code # EOF}) into a fresh
   * data directory under {@code workDir}, then starts Prometheus on it.
   */
  public static LocalPrometheus withHistory(Path workDir, Path openMetrics) throws IOException {
    LocalPrometheus p = new LocalPrometheus(workDir);
    p.backfill(openMetrics);
    p.start();
    return p;
  }

  private void backfill(Path openMetrics) throws IOException {
    run(
        List.of(
            "promtool",
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "--max-block-duration=24h",
            openMetrics.toString(),
            dataDir.toString()),
        Duration.ofMinutes(5));
  }

  /** Starts (or restarts) the server on the same port and data, and waits until it is ready. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add("prometheus");
    cmd.add("--config.file=" + config);
    cmd.add("--storage.tsdb.path=" + dataDir);
    cmd.add("--storage.tsdb.retention.time=100y");
    cmd.add("--web.listen-address=127.0.0.1:" + port);
    cmd.add("--query.lookback-delta=5m");
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited at start; its log:\n" + tail());
      }
      if (ready()) {
        return;
      }
      sleep(100);
    }
    throw new IOException("prometheus was not ready within 60 s; its log:\n" + tail());
  }

  /** Stops the server (as an outage would) but keeps its data for a restart. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /**
   * Freezes the server with SIGSTOP: the kernel still accepts connections but nothing answers, as
   * with a Prometheus stuck on a heavy query. {@link #resume()} lets it go on.
   */
  public synchronized void pause() throws IOException {
    signal("-STOP");
  }

  public synchronized void resume() throws IOException {
    signal("-CONT");
  }

  private void signal(String sig) throws IOException {
    if (process == null) {
      throw new IllegalStateException("prometheus is not running");
    }
    run(List.of("kill", sig, Long.toString(process.pid())), Duration.ofSeconds(10));
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private boolean ready() {
    try {
      HttpURLConnection c = (HttpURLConnection) url().resolve("/-/ready").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      return c.getResponseCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void run(List<String> cmd, Duration limit) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " took longer than " + limit);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
