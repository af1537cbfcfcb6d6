package dev.fleetscope.app;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.ProbeException;
import dev.fleetscope.probe.ProbeRun;
import dev.fleetscope.probe.ProbeUnavailableException;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.jcuda.JCudaProbe;
import dev.fleetscope.probe.result.ProbeJson;
import dev.fleetscope.probe.result.ProbeMarkdown;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.result.ResultFormatException;
import dev.fleetscope.probe.workload.WorkloadException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * {@code fleetscope export probe}: the GPU probe section's data without a window. Re-exports a
 * result file ({@code --probe-result}), or runs the probe here (the model by default). Exit codes:
 * 0 done, 2 bad input, 3 a measured allocator was asked for where there is no GPU, 4 refused or
 * failed.
 */
final class ProbeExport {
  private ProbeExport() {}

  static int run(CommandLine cli, PrintStream out, PrintStream err) {
    CommandLine.ProbeOptions o = cli.probe();
    Executor direct = Runnable::run;
    ProbeService service = new ProbeService(new JCudaProbe(), direct);
    ProbeResult result;
    try {
      if (o.result().isPresent()) {
        result = service.open(o.result().get());
      } else {
        List<AllocatorKind> kinds = new ArrayList<>();
        for (String a : o.allocators()) {
          kinds.add(AllocatorKind.parse(a.trim()));
        }
        result =
            service.run(
                new ProbeRun.Request(
                    service.workload(o.workload()),
                    kinds,
                    AllocatorConfig.parse(o.allocConf()),
                    null,
                    0,
                    -1),
                Progress.NONE);
      }
    } catch (WorkloadException | ResultFormatException | IllegalArgumentException e) {
      err.println("fleetscope: " + e.getMessage());
      return 2;
    } catch (ProbeUnavailableException e) {
      err.println("fleetscope: " + e.getMessage());
      return 3;
    } catch (ProbeException e) {
      err.println("fleetscope: " + e.getMessage());
      return 4;
    }
    out.print(
        cli.exportFormat() == CommandLine.ExportFormat.MD
            ? ProbeMarkdown.of(result)
            : ProbeJson.write(result) + System.lineSeparator());
    return 0;
  }
}
