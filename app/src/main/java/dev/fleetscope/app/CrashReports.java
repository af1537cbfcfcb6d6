package dev.fleetscope.app;

import dev.fleetscope.services.common.Redaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash handler: an exception no code caught (on the FX thread or any other) is logged, written
 * as a report under {@code <state>/crash/} with credentials masked, and handed to whoever shows it
 * (the console's crash dialog). The newest {@link #KEEP} reports are kept.
 */
public final class CrashReports {
  static final int KEEP = 20;
  private static final Logger LOG = LoggerFactory.getLogger(CrashReports.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  /** A written report. */
  public record Report(String summary, String text, Path file) {}

  private final Path dir;
  private final Path logFile;
  private final Clock clock;
  private volatile Consumer<Report> listener = r -> {};

  public CrashReports(AppPaths paths, Clock clock) {
    this.dir = dir(paths);
    this.logFile = paths.logFile();
    this.clock = clock;
  }

  public static Path dir(AppPaths paths) {
    return paths.stateDir().resolve("crash");
  }

  /** Makes this the handler of every thread's uncaught exceptions. */
  public CrashReports install() {
    Thread.setDefaultUncaughtExceptionHandler(this::uncaught);
    return this;
  }

  /** Who shows a report once it is written (called on the failing thread). */
  public void onReport(Consumer<Report> show) {
    listener = show;
  }

  public void uncaught(Thread thread, Throwable error) {
    LOG.error("uncaught exception in thread {}", thread.getName(), error);
    try {
      Report report = write(thread, error);
      listener.accept(report);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not write the crash report: {}", e.toString());
    }
  }

  Report write(Thread thread, Throwable error) throws IOException {
    String summary =
        Redaction.redact(
            error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage())
                + " (thread "
                + thread.getName()
                + ")");
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String text =
        Redaction.redact(
            "Fleetscope crash report\n"
                + "Time: "
                + clock.instant()
                + "\nVersion: "
                + Version.current()
                + " (built "
                + Version.build()
                + ")\nJava: "
                + System.getProperty("java.runtime.version")
                + " ("
                + System.getProperty("java.vm.name")
                + ")\nOS: "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.version")
                + " "
                + System.getProperty("os.arch")
                + "\nThread: "
                + thread.getName()
                + "\nLog: "
                + logFile
                + "\n\n"
                + trace);
    Files.createDirectories(dir);
    Path file = dir.resolve("crash-" + FILE_TIME.format(clock.instant()) + ".txt");
    Files.writeString(file, text);
    prune();
    return new Report(summary, text, file);
  }

  private void prune() throws IOException {
    List<Path> reports;
    try (Stream<Path> files = Files.list(dir)) {
      reports =
          files.filter(f -> f.getFileName().toString().startsWith("crash-")).sorted().toList();
    }
    for (int i = 0; i < reports.size() - KEEP; i++) {
      Files.deleteIfExists(reports.get(i));
    }
  }
}
