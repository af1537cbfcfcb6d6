package dev.fleetscope.app;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.ebpf.HistSeries;
import dev.fleetscope.services.ebpf.PodAttribution;
import dev.fleetscope.services.ebpf.TraceAggregator;
import dev.fleetscope.services.ebpf.TraceReader;
import dev.fleetscope.services.ebpf.TraceReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code fleetscope export ebpf --trace FILE}: a recorded bpftrace JSON stream summarized as JSON
 * or Markdown. Exit codes: 0 done (bad lines are counted in the summary), 2 no or unreadable file.
 */
final class EbpfExport {
  private EbpfExport() {}

  static int run(CommandLine cli, PrintStream out, PrintStream err) {
    if (cli.trace().file().isEmpty()) {
      err.println(
          "fleetscope: export ebpf needs --trace FILE (a recorded bpftrace -f json stream)");
      return 2;
    }
    Path file = cli.trace().file().get();
    TraceAggregator agg =
        new TraceAggregator(new TraceAggregator.Settings(1_000_000, 10, HistSeries.HistMode.AUTO));
    try (InputStream in = dev.fleetscope.services.ebpf.RecordedTrace.openFile(file)) {
      new TraceReader(agg, null).read(in);
    } catch (NoSuchFileException e) {
      err.println("fleetscope: " + file + ": no such file");
      return 2;
    } catch (IOException e) {
      err.println("fleetscope: " + file + ": " + e.getMessage());
      return 2;
    }
    TraceReport.Owners none = (pid, cg) -> PodAttribution.Owner.UNKNOWN;
    String source = "recorded: " + file.getFileName();
    out.print(
        cli.exportFormat() == CommandLine.ExportFormat.MD
            ? TraceReport.markdown(source, agg, none)
            : TraceReport.json(source, agg, none));
    return 0;
  }
}
