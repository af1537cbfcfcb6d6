package dev.fleetscope.services.ebpf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code bpftrace -f json -e PROGRAM} on this host. Needs root, or CAP_BPF with CAP_PERFMON
 * (or CAP_SYS_ADMIN); {@link #unavailable()} checks first and says what is missing. Stopping sends
 * SIGINT so bpftrace prints its maps; the run also stops itself at its limit.
 */
public final class LocalTraceTarget implements TraceTarget {
  private static final Logger LOG = LoggerFactory.getLogger(LocalTraceTarget.class);
  private static final int CAP_SYS_ADMIN = 21;
  private static final int CAP_PERFMON = 38;
  private static final int CAP_BPF = 39;

  private final Optional<Path> bpftrace;
  private final Path procSelfStatus;

  public LocalTraceTarget(Optional<Path> bpftrace) {
    this(bpftrace, Path.of("/proc/self/status"));
  }

  LocalTraceTarget(Optional<Path> bpftrace, Path procSelfStatus) {
    this.bpftrace = bpftrace.isPresent() ? bpftrace : findOnPath();
    this.procSelfStatus = procSelfStatus;
  }

  /** bpftrace on PATH (or in /usr/sbin, /usr/bin), if any. */
  public static Optional<Path> findOnPath() {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/sbin"));
    for (String d : dirs) {
      Path p = Path.of(d.isEmpty() ? "." : d, "bpftrace");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public Optional<Path> bpftrace() {
    return bpftrace;
  }

  @Override
  public String describe() {
    return "this host";
  }

  @Override
  public Optional<String> unavailable() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of(
          "Tracing this host needs Linux; open a recording or trace a cluster node.");
    }
    if (bpftrace.isEmpty()) {
      return Optional.of(
          "bpftrace is not installed on this host (looked on PATH and in /usr/sbin, /usr/bin):"
              + " install it (e.g. apt-get install bpftrace), or trace a cluster node.");
    }
    return privileges();
  }

  /** Empty when this process may load BPF programs, else what is missing. */
  Optional<String> privileges() {
    List<String> status;
    try {
      status = Files.readAllLines(procSelfStatus);
    } catch (IOException e) {
      return Optional.empty(); // cannot tell; bpftrace will say
    }
    long euid = -1;
    long caps = 0;
    for (String line : status) {
      if (line.startsWith("Uid:")) {
        String[] f = line.substring(4).trim().split("\\s+");
        euid = f.length > 1 ? Long.parseLong(f[1]) : -1;
      } else if (line.startsWith("CapEff:")) {
        caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
      }
    }
    boolean admin = (caps & (1L << CAP_SYS_ADMIN)) != 0;
    boolean bpf = (caps & (1L << CAP_BPF)) != 0 && (caps & (1L << CAP_PERFMON)) != 0;
    if (euid == 0 || admin || bpf) {
      return Optional.empty();
    }
    return Optional.of(
        "Tracing this host needs root, or CAP_BPF and CAP_PERFMON (uid "
            + euid
            + " has neither). Run Fleetscope with sudo, or give bpftrace the capabilities:"
            + " sudo setcap cap_bpf,cap_perfmon,cap_sys_resource+ep "
            + bpftrace.map(Path::toString).orElse("$(which bpftrace)")
            + ". Or trace a cluster node.");
  }

  @Override
  public TraceRun start(String program, int limitSeconds, TraceListener listener, Writer recording)
      throws TraceStartException {
    Optional<String> why = unavailable();
    if (why.isPresent()) {
      throw new TraceStartException(why.get());
    }
    ProcessBuilder pb =
        new ProcessBuilder(bpftrace.get().toString(), "-f", "json", "-e", program)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    // Maps hold a key per thread or socket; 0.17 defaults to 4,096 keys.
    pb.environment().put("BPFTRACE_MAP_KEYS_MAX", "65536");
    pb.environment().put("BPFTRACE_STRLEN", "64");
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new TraceStartException("Could not start " + bpftrace.get() + ": " + e.getMessage(), e);
    }
    return new LocalRun(process, limitSeconds, listener, recording);
  }

  /** Sends SIGINT: bpftrace's own way of ending with its maps printed. */
  static void interrupt(long pid) {
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid))
          .redirectErrorStream(true)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      LOG.warn("could not send SIGINT to bpftrace {}: {}", pid, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class LocalRun implements TraceRun {
    private final Process process;
    private final CompletableFuture<TraceEnd> done = new CompletableFuture<>();
    private final List<String> stderr = new ArrayList<>();
    private volatile boolean stopped;
    private volatile boolean cancelled;
    private volatile boolean limitReached;
    private final Thread reader;
    private final Thread errors;
    private final TraceReader trace;

    LocalRun(Process process, int limitSeconds, TraceListener listener, Writer recording) {
      this.process = process;
      this.trace = new TraceReader(listener, recording);
      this.errors =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                      continue;
                    }
                    synchronized (stderr) {
                      if (stderr.size() < 200) {
                        stderr.add(line);
                      }
                    }
                    listener.diagnostic(explain(line));
                  }
                } catch (IOException e) {
                  // the process is gone
                }
              },
              "bpftrace-stderr");
      this.reader =
          new Thread(
              () -> {
                String failure = null;
                try {
                  trace.read(process.getInputStream());
                } catch (IOException e) {
                  failure = e.getMessage();
                }
                try {
                  process.waitFor();
                  errors.join(2000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                done.complete(end(process.exitValue(), failure));
              },
              "bpftrace-stdout");
      errors.setDaemon(true);
      reader.setDaemon(true);
      errors.start();
      reader.start();
      Thread limit =
          new Thread(
              () -> {
                try {
                  if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                    limitReached = true;
                    interrupt(process.pid());
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                      process.destroyForcibly();
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "bpftrace-limit");
      limit.setDaemon(true);
      limit.start();
    }

    private TraceEnd end(int exit, String failure) {
      long lines = trace.lines();
      if (cancelled) {
        return new TraceEnd(
            true, "Cancelled; bpftrace was killed without printing its maps.", lines);
      }
      if (failure != null) {
        return new TraceEnd(false, "Reading bpftrace's output failed: " + failure, lines);
      }
      if (exit == 0 || stopped || limitReached) {
        String why = stopped ? "Stopped" : limitReached ? "Reached its time limit" : "Finished";
        return new TraceEnd(true, why + "; bpftrace exited with " + exit + ".", lines);
      }
      return new TraceEnd(false, failureMessage(exit), lines);
    }

    private String failureMessage(int exit) {
      List<String> errs;
      synchronized (stderr) {
        errs = List.copyOf(stderr);
      }
      String first = "";
      for (String e : errs) {
        if (e.contains("ERROR") && !e.contains("RLIMIT_MEMLOCK")) {
          first = e.strip();
          break;
        }
      }
      String all = String.join("\n", errs).toLowerCase(Locale.ROOT);
      if (all.contains("operation not permitted")
          || all.contains("permission denied")
          || all.contains("only works as root")
          || all.contains("eperm")) {
        return "bpftrace was refused (exit "
            + exit
            + "): it needs root, or CAP_BPF and CAP_PERFMON. "
            + (first.isEmpty() ? "" : first);
      }
      return "bpftrace failed (exit "
          + exit
          + ")"
          + (first.isEmpty() ? "; see the log for what it printed." : ": " + first);
    }

    @Override
    public String target() {
      return "this host";
    }

    @Override
    public void stop() {
      if (process.isAlive()) {
        stopped = true;
        interrupt(process.pid());
        CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS)
            .execute(
                () -> {
                  if (process.isAlive()) {
                    process.destroyForcibly();
                  }
                });
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      process.destroyForcibly();
    }

    @Override
    public CompletableFuture<TraceEnd> done() {
      return done;
    }
  }

  /** bpftrace's stderr line, with a note where a message looks worse than it is. */
  static String explain(String line) {
    if (line.contains("RLIMIT_MEMLOCK")) {
      return line + " (harmless on kernels 5.11 and later, which account BPF memory to the cgroup)";
    }
    return line;
  }
}
