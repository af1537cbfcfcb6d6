package dev.fleetscope.probe.cli;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.GpuProbe;
import dev.fleetscope.probe.ProbeCancelledException;
import dev.fleetscope.probe.ProbeException;
import dev.fleetscope.probe.ProbeRefusedException;
import dev.fleetscope.probe.ProbeRun;
import dev.fleetscope.probe.ProbeUnavailableException;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.device.DeviceInfo;
import dev.fleetscope.probe.jcuda.JCudaProbe;
import dev.fleetscope.probe.profile.TransferPlan;
import dev.fleetscope.probe.result.ProbeJson;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadException;
import dev.fleetscope.probe.workload.WorkloadFiles;
import dev.fleetscope.probe.workload.WorkloadPresets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@code gpu-probe} command. Exit codes: 0 done, 2 bad usage or input, 3 no CUDA driver or
 * device, 4 refused (would not fit), 5 a CUDA step failed, 130 cancelled.
 */
public final class ProbeCli {
  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int NO_GPU = 3;
  public static final int REFUSED = 4;
  public static final int FAILED = 5;
  public static final int CANCELLED = 130;

  private static final String USAGE_TEXT =
      """
      usage: gpu-probe [options]
        --list-devices            list the CUDA devices of this host and exit
        --list-presets            list the built-in workloads and exit
        --workload FILE|PRESET    tensors to allocate: a YAML/JSON file or a preset
                                  (PRESET or PRESET:key=value,...; see --list-presets)
        --allocator LIST          cudaMalloc, pool, vmm, pinned and/or model, comma-separated
                                  (default: model, which needs no GPU)
        --alloc-conf CONF         the model's PYTORCH_CUDA_ALLOC_CONF, e.g.
                                  expandable_segments:True,max_split_size_mb:512
        --capacity BYTES|device   device memory the model may use (default: unlimited;
                                  "device" takes the device's total)
        --transfers               measure H2D/D2H/D2D bandwidth over sizes and offsets
        --transfer-max BYTES      largest transfer size (default 1 GiB)
        --device N                the CUDA device to use (default 0)
        --margin BYTES            free memory to leave untouched (default max(1 GiB, 5%))
        --out FILE                write the result JSON (docs/probe-schema.md) to FILE
        --format json|text        what to print on stdout (default text)
        --export-events FILE      write the workload's events (one per line: "+ BYTES NAME"
                                  or "- NAME") for replay elsewhere, e.g. through PyTorch
        --bench gpu|model         the figures of docs/benchmarks.md, one JSON object per line
        --quiet                   no progress on stderr
        --version, --help
      sizes take K, M, G suffixes (binary): 512M, 1G
      exit codes: 0 done, 2 bad usage or input, 3 no CUDA driver or device,
                  4 refused (would not fit), 5 a CUDA step failed, 130 cancelled
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final Supplier<GpuProbe> probes;

  public ProbeCli(PrintStream out, PrintStream err, Supplier<GpuProbe> probes) {
    this.out = out;
    this.err = err;
    this.probes = probes;
  }

  public static void main(String[] args) {
    CancelOnSignal cancel = new CancelOnSignal();
    Runtime.getRuntime().addShutdownHook(new Thread(cancel::cancelAndWait, "gpu-probe-cancel"));
    int code;
    try {
      code = new ProbeCli(System.out, System.err, JCudaProbe::new).run(args, cancel);
    } finally {
      cancel.finished();
    }
    System.exit(code);
  }

  public static String version() {
    String v = ProbeCli.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public int run(String[] args, Progress cancel) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("gpu-probe: " + e.getMessage());
      err.println("try gpu-probe --help");
      return USAGE;
    }
    if (o.help) {
      out.print(USAGE_TEXT);
      return OK;
    }
    if (o.version) {
      out.println("gpu-probe " + version());
      return OK;
    }
    if (o.listPresets) {
      for (WorkloadPresets.Preset p : WorkloadPresets.ALL) {
        out.printf("%-22s %s%n", p.name(), p.description());
      }
      return OK;
    }
    try {
      if (o.bench != null) {
        if (o.bench.equals("gpu")) {
          ProbeBench.gpu(probes.get(), o.device, out);
        } else {
          ProbeBench.model(out);
        }
        return OK;
      }
      if (o.listDevices) {
        List<DeviceInfo> devices = probes.get().devices();
        ProbeResult r =
            new ProbeResult(
                ProbeResult.SCHEMA,
                "",
                "",
                version(),
                devices,
                null,
                List.of(),
                null,
                null,
                List.of());
        out.print(o.json ? ProbeJson.write(r) + System.lineSeparator() : TextReport.of(r));
        return OK;
      }
      Workload workload = o.workload == null ? null : loadWorkload(o.workload);
      if (workload == null && o.transfers == null) {
        err.println("gpu-probe: nothing to do: give --workload, --transfers or --list-devices");
        return USAGE;
      }
      if (o.exportEvents != null && workload != null) {
        Files.write(o.exportEvents, eventLines(workload), StandardCharsets.UTF_8);
      }
      List<AllocatorKind> allocators = new ArrayList<>(o.allocators);
      if (allocators.isEmpty() && workload != null) {
        allocators.add(AllocatorKind.MODEL);
      }
      AllocatorConfig config = o.modelConfig;
      GpuProbe probe = probes.get();
      if (o.capacityFromDevice) {
        config = config.withCapacity(probe.devices().get(o.device).totalBytes());
      }
      ProbeRun.Request request =
          new ProbeRun.Request(workload, allocators, config, o.transfers, o.device, o.margin);
      Progress progress = o.quiet ? cancel : new StderrProgress(err, cancel);
      ProbeResult result = new ProbeRun(probe, version()).run(request, progress);
      if (o.outFile != null) {
        Files.writeString(o.outFile, ProbeJson.write(result), StandardCharsets.UTF_8);
        if (!o.quiet) {
          err.println("gpu-probe: wrote " + o.outFile);
        }
      }
      out.print(o.json ? ProbeJson.write(result) + System.lineSeparator() : TextReport.of(result));
      return OK;
    } catch (WorkloadException | IllegalArgumentException e) {
      err.println("gpu-probe: " + e.getMessage());
      return USAGE;
    } catch (ProbeUnavailableException e) {
      err.println(
          "gpu-probe: "
              + e.getMessage()
              + (e.getMessage().startsWith("no CUDA driver")
                  ? ". Install the NVIDIA driver (libcuda.so.1), or run the allocator model"
                      + " (--allocator model), which needs no GPU"
                  : ""));
      return NO_GPU;
    } catch (ProbeRefusedException e) {
      err.println("gpu-probe: " + e.getMessage());
      return REFUSED;
    } catch (ProbeCancelledException e) {
      err.println("gpu-probe: " + e.getMessage());
      return CANCELLED;
    } catch (ProbeException e) {
      err.println("gpu-probe: " + e.getMessage() + "; everything the probe allocated was freed");
      return FAILED;
    } catch (IOException e) {
      err.println("gpu-probe: cannot write the result: " + e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      // A bug of the probe's own: say what broke, without a stack trace unless asked for.
      err.println(
          "gpu-probe: internal error ("
              + e
              + "); everything the probe allocated was freed. Set GPU_PROBE_DEBUG=1 for details");
      if (System.getenv("GPU_PROBE_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return FAILED;
    }
  }

  static List<String> eventLines(Workload w) {
    List<String> lines = new ArrayList<>(w.eventCount());
    for (int e : w.eventsView()) {
      lines.add(
          e >= 0
              ? "+ " + w.tensors().get(e).bytes() + " " + w.tensors().get(e).name()
              : "- " + w.tensors().get(~e).name());
    }
    return lines;
  }

  static Workload loadWorkload(String spec) {
    if (WorkloadPresets.isPreset(spec)) {
      return WorkloadPresets.named(spec);
    }
    Path file = Path.of(spec);
    if (!Files.exists(file)) {
      throw new WorkloadException(
          spec
              + ": no such file, and not a preset (presets: "
              + String.join(
                  ", ", WorkloadPresets.ALL.stream().map(WorkloadPresets.Preset::name).toList())
              + ")");
    }
    return WorkloadFiles.read(file);
  }

  /** Parses sizes like 4096, 512K, 256M, 1G (binary units). */
  static long parseSize(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace("IB", "").replace("B", "");
    long mult = 1;
    char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
    if (last == 'K' || last == 'M' || last == 'G' || last == 'T') {
      mult = 1L << (10 * ("KMGT".indexOf(last) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      long v = Long.parseLong(t.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(v, mult);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a size (e.g. 4096, 512M, 1G)");
    }
  }

  private static final class Options {
    boolean help;
    boolean version;
    boolean listDevices;
    boolean listPresets;
    boolean json;
    boolean quiet;
    boolean capacityFromDevice;
    String workload;
    Set<AllocatorKind> allocators = new LinkedHashSet<>();
    AllocatorConfig modelConfig = AllocatorConfig.DEFAULT;
    TransferPlan transfers;
    long transferMax = 1L << 30;
    int device;
    long margin = -1;
    Path outFile;
    Path exportEvents;
    String bench;

    static Options parse(String[] args) {
      Options o = new Options();
      boolean wantTransfers = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> o.help = true;
          case "--version" -> o.version = true;
          case "--list-devices" -> o.listDevices = true;
          case "--list-presets" -> o.listPresets = true;
          case "--quiet", "-q" -> o.quiet = true;
          case "--transfers" -> wantTransfers = true;
          case "--workload" -> o.workload = value(args, ++i, a);
          case "--allocator" -> {
            for (String k : value(args, ++i, a).split(",")) {
              o.allocators.add(AllocatorKind.parse(k.trim()));
            }
          }
          case "--alloc-conf" -> {
            String conf = value(args, ++i, a);
            try {
              o.modelConfig = AllocatorConfig.parse(conf);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("--alloc-conf: " + e.getMessage());
            }
          }
          case "--capacity" -> {
            String v = value(args, ++i, a);
            if (v.equals("device")) {
              o.capacityFromDevice = true;
            } else {
              o.modelConfig = o.modelConfig.withCapacity(parseSize(v));
            }
          }
          case "--transfer-max" -> o.transferMax = parseSize(value(args, ++i, a));
          case "--device" -> {
            try {
              o.device = Integer.parseInt(value(args, ++i, a));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--device takes a device number, e.g. 0");
            }
          }
          case "--margin" -> o.margin = parseSize(value(args, ++i, a));
          case "--out" -> o.outFile = Path.of(value(args, ++i, a));
          case "--export-events" -> o.exportEvents = Path.of(value(args, ++i, a));
          case "--bench" -> {
            o.bench = value(args, ++i, a);
            if (!o.bench.equals("gpu") && !o.bench.equals("model")) {
              throw new IllegalArgumentException("--bench takes gpu or model");
            }
          }
          case "--format" -> {
            String f = value(args, ++i, a);
            if (!f.equals("json") && !f.equals("text")) {
              throw new IllegalArgumentException("--format takes json or text, not \"" + f + "\"");
            }
            o.json = f.equals("json");
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (wantTransfers) {
        TransferPlan std = TransferPlan.standard();
        if (o.transferMax < 4096) {
          throw new IllegalArgumentException("--transfer-max must be at least 4K");
        }
        o.transfers =
            new TransferPlan(
                std.kinds(),
                TransferPlan.sizes(4L << 10, o.transferMax),
                std.offsetPairs(),
                std.targetBytesPerPoint());
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }

  /** Ctrl-C: ask the running step to stop and wait (a while) until it has freed everything. */
  static final class CancelOnSignal implements Progress {
    private volatile boolean cancelled;
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void update(String step, long doneCount, long total) {}

    @Override
    public boolean cancelled() {
      return cancelled;
    }

    void cancelAndWait() {
      cancelled = true;
      try {
        done.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void finished() {
      done.countDown();
    }
  }
}
