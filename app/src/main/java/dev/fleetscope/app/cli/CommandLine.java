package dev.fleetscope.app.cli;

import dev.fleetscope.services.demo.DemoFleetSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parsed command line. Connection flags apply to every mode; without {@code --kubeconfig},
 * {@code --context} or {@code --prometheus} the console opens the demo fleet.
 */
public record CommandLine(
    Mode mode,
    Optional<Path> kubeconfig,
    List<String> contexts,
    Optional<URI> prometheus,
    Optional<String> prometheusService,
    boolean forceDemo,
    long demoSeed,
    DemoSize demoSize,
    Optional<Path> smokeTestDir,
    String exportSection,
    ExportFormat exportFormat,
    String benchName,
    Optional<Path> kubeconfigOut,
    ProbeOptions probe,
    Optional<Path> snapshot,
    List<Path> sloFiles,
    Optional<java.time.Instant> at,
    dev.fleetscope.services.slo.SloEvaluator.Policy sloPolicy,
    ReleaseOptions release,
    TraceOptions trace) {

  /**
   * eBPF traces (the console's "eBPF traces" section and export ebpf).
   *
   * @param file a recorded bpftrace JSON stream to summarize (export ebpf) or open
   * @param namespace where node debug pods are created
   * @param image the debug pod's image (bpftrace on its PATH)
   */
  public record TraceOptions(Optional<Path> file, String namespace, String image) {
    public static final TraceOptions DEFAULT =
        new TraceOptions(Optional.empty(), "default", "quay.io/iovisor/bpftrace:latest");
  }

  /**
   * Gray releases and cluster writes.
   *
   * @param readOnly no cluster writes: actions do not appear at all
   * @param demoScenario "" or "gray-release" (open the Gray releases section first)
   * @param demoRegression start the demo's canary regression on
   * @param demoSpeed simulated seconds per real second in the demo
   */
  public record ReleaseOptions(
      boolean readOnly, String demoScenario, boolean demoRegression, double demoSpeed) {
    public static final ReleaseOptions DEFAULT = new ReleaseOptions(false, "", false, 1);
  }

  /**
   * The GPU probe section and {@code export probe}: a result file to open, or what to run.
   *
   * @param allocators allocator labels (cudaMalloc, pool, vmm, pinned, model)
   */
  public record ProbeOptions(
      Optional<Path> result, String workload, List<String> allocators, String allocConf) {
    public static final ProbeOptions DEFAULT =
        new ProbeOptions(Optional.empty(), "llama3-8b-fp16", List.of("model"), "");
  }

  /** What the process does. */
  public enum Mode {
    GUI,
    SMOKE_TEST,
    EXPORT,
    BENCH,
    DEMO_SERVE,
    HELP,
    VERSION
  }

  /** Sections that {@code export} knows; "fleet" is the overview's table of clusters. */
  public static final List<String> EXPORT_SECTIONS =
      List.of(
          "overview",
          "fleet",
          "nodes",
          "workloads",
          "probe",
          "gpu-memory",
          "slo",
          "batch",
          "rollouts",
          "ebpf");

  public enum ExportFormat {
    JSON,
    MD
  }

  public enum DemoSize {
    STANDARD,
    LARGE,
    SCALE,
    BATCH
  }

  /** The demo fleet this command line asks for. */
  public DemoFleetSpec demoSpec() {
    return switch (demoSize) {
      case STANDARD -> DemoFleetSpec.standard(demoSeed);
      case LARGE -> DemoFleetSpec.large(demoSeed);
      case SCALE -> DemoFleetSpec.scale(demoSeed);
      case BATCH -> DemoFleetSpec.batch(demoSeed);
    };
  }

  public static final long DEFAULT_SEED = 20261123L;

  public static final String USAGE =
      """
      Usage: fleetscope [OPTIONS]
             fleetscope export SECTION [OPTIONS] --format json|md

      Fleetscope: an operator console for LLM inference fleets on Kubernetes GPU clusters.
      With no connection options it opens the built-in DEMO fleet.

      Connection:
        --kubeconfig PATH     kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
        --context NAME        context to watch; repeat for several (default: current context)
        --prometheus URL      Prometheus base URL, e.g. http://prometheus.monitoring:9090
        --prometheus-service NAMESPACE/SERVICE:PORT
                              Prometheus behind a service of the (first) context, reached
                              through the API server, e.g. monitoring/prometheus-k8s:9090.
                              With neither, each context is searched for kube-prometheus,
                              prometheus-operator and Helm chart installs
        --demo                open the demo fleet even when other options are given
        --demo-seed N         seed of the demo simulator (same seed, same fleet)
        --demo-size SIZE      standard (default); large (10 clusters: 500 nodes, 4,000 GPUs,
                              10,000 pods); scale (the same in one cluster)

      SLOs (the console's "SLOs" section and export slo):
        --slo-file PATH       read SLOs from a file (Pyrra, Sloth, OpenSLO or Fleetscope
                              YAML) next to those found in the clusters; repeatable
        --at TIME             judge every SLO as of this RFC 3339 instant, e.g.
                              2026-11-20T14:30:00Z (for incident reviews)
        --slo-policy workbook|pyrra
                              multiwindow burn-rate alerting: the SRE Workbook's 14.4x/6x/3x/1x
                              (default) or Pyrra's 14x/7x/2x/1x with windows scaled to the SLO
                              window; also switchable in the SLOs section

      Gray releases (the console's "Gray releases" section and export rollouts):
        --read-only           never change a cluster: promote, abort and other actions
                              do not appear
        --demo-scenario gray-release
                              open the Gray releases section on the demo's release
        --demo-regression     inject a canary regression (errors, slow first tokens) in
                              the demo's release from the start
        --demo-speed N        run the demo's simulated time N times faster (1..100)

      eBPF traces (the console's "eBPF traces" section and export ebpf):
        --trace FILE          a recorded bpftrace JSON stream (bpftrace -f json output, or
                              a run the console saved) to summarize with export ebpf, or
                              to open in the section
        --trace-namespace NS  where node tracing creates its debug pods (default default)
        --trace-image IMAGE   the debug pod's image, with bpftrace on its PATH
                              (default quay.io/iovisor/bpftrace:latest)

      Modes:
        --smoke-test DIR      open every section once, write DIR/<section>.png and
                              DIR/smoke.json, then exit (non-zero on any error)
        export SECTION        print a section's data without a window; sections:
                              overview (= fleet), nodes, workloads, probe, gpu-memory, slo,
                              batch, rollouts, ebpf (with --trace FILE)
          --format json|md    output format (default json)
          --snapshot FILE     with gpu-memory: a PyTorch memory snapshot (the pickle written
                              by torch.cuda.memory._dump_snapshot) to summarize

      GPU probe (the console's "GPU probe" section and export probe):
        --probe-result FILE   open a gpu-probe result JSON (made here or on a GPU host)
        --probe-workload W    workload to run: a preset or a YAML/JSON file
                              (default llama3-8b-fp16; see gpu-probe --list-presets)
        --probe-allocator L   cudaMalloc, pool, vmm, pinned, model, comma-separated
                              (default model; measured ones need a CUDA device here)
        --probe-alloc-conf C  the model's PYTORCH_CUDA_ALLOC_CONF, e.g. expandable_segments:True
        demo-serve            serve the demo fleet's clusters without a window, so other
                              tools (kubectl, another console) can connect to it
          --kubeconfig-out F  where demo-serve writes the kubeconfig of its clusters
        --help                this text
        --version             print the version

      Keys in the console: Ctrl+1..9, 0 sections, Ctrl+F filter, Ctrl+K connect, Ctrl+T theme.
      """;

  /** Thrown for a bad command line; the message says what was wrong and is shown as is. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  public static CommandLine parse(String... args) throws UsageException {
    Mode mode = Mode.GUI;
    Optional<Path> kubeconfig = Optional.empty();
    List<String> contexts = new ArrayList<>();
    Optional<URI> prometheus = Optional.empty();
    Optional<String> prometheusService = Optional.empty();
    boolean demo = false;
    long seed = DEFAULT_SEED;
    DemoSize size = DemoSize.STANDARD;
    Optional<Path> smoke = Optional.empty();
    String section = "";
    ExportFormat format = ExportFormat.JSON;
    String bench = "";
    Optional<Path> kubeconfigOut = Optional.empty();
    ProbeOptions probe = ProbeOptions.DEFAULT;
    Optional<Path> snapshot = Optional.empty();
    List<Path> sloFiles = new ArrayList<>();
    dev.fleetscope.services.slo.SloEvaluator.Policy sloPolicy =
        dev.fleetscope.services.slo.SloEvaluator.Policy.WORKBOOK;
    Optional<java.time.Instant> at = Optional.empty();
    boolean readOnly = false;
    String scenario = "";
    boolean regression = false;
    double speed = 1;
    TraceOptions trace = TraceOptions.DEFAULT;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> mode = Mode.HELP;
        case "--version", "-V" -> mode = Mode.VERSION;
        case "--kubeconfig" -> kubeconfig = Optional.of(Path.of(value(args, ++i, a)));
        case "--context" -> contexts.add(value(args, ++i, a));
        case "--prometheus" -> prometheus = Optional.of(url(value(args, ++i, a)));
        case "--prometheus-service" -> {
          String v = value(args, ++i, a);
          if (!dev.fleetscope.views.connect.ConnectionRequest.SERVICE.matcher(v).matches()) {
            throw new UsageException(
                "--prometheus-service expects NAMESPACE/SERVICE:PORT, e.g."
                    + " monitoring/prometheus-k8s:9090, got '"
                    + v
                    + "'");
          }
          prometheusService = Optional.of(v);
        }
        case "--demo" -> demo = true;
        case "--read-only" -> readOnly = true;
        case "--demo-scenario" -> {
          scenario = value(args, ++i, a);
          if (!scenario.equals("gray-release")) {
            throw new UsageException("--demo-scenario knows gray-release, not '" + scenario + "'");
          }
        }
        case "--demo-regression" -> regression = true;
        case "--demo-speed" -> {
          String v = value(args, ++i, a);
          try {
            speed = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            speed = -1;
          }
          if (!(speed > 0 && speed <= 100)) {
            throw new UsageException("--demo-speed expects a number in (0, 100], got '" + v + "'");
          }
        }
        case "--demo-seed" -> seed = number(value(args, ++i, a), a);
        case "--demo-size" -> size = enumValue(DemoSize.class, value(args, ++i, a), a);
        case "--smoke-test" -> {
          mode = mode == Mode.HELP || mode == Mode.VERSION ? mode : Mode.SMOKE_TEST;
          smoke = Optional.of(Path.of(value(args, ++i, a)));
        }
        case "--format" -> format = enumValue(ExportFormat.class, value(args, ++i, a), a);
        case "export" -> {
          if (mode == Mode.GUI) {
            mode = Mode.EXPORT;
          }
          section = value(args, ++i, "export");
        }
        case "--kubeconfig-out" -> kubeconfigOut = Optional.of(Path.of(value(args, ++i, a)));
        case "--snapshot" -> snapshot = Optional.of(Path.of(value(args, ++i, a)));
        case "--slo-file" -> sloFiles.add(Path.of(value(args, ++i, a)));
        case "--trace" ->
            trace =
                new TraceOptions(
                    Optional.of(Path.of(value(args, ++i, a))), trace.namespace(), trace.image());
        case "--trace-namespace" ->
            trace = new TraceOptions(trace.file(), value(args, ++i, a), trace.image());
        case "--trace-image" ->
            trace = new TraceOptions(trace.file(), trace.namespace(), value(args, ++i, a));
        case "--at" -> at = Optional.of(instant(value(args, ++i, a)));
        case "--slo-policy" ->
            sloPolicy =
                enumValue(
                    dev.fleetscope.services.slo.SloEvaluator.Policy.class, value(args, ++i, a), a);
        case "--probe-result" ->
            probe =
                new ProbeOptions(
                    Optional.of(Path.of(value(args, ++i, a))),
                    probe.workload(),
                    probe.allocators(),
                    probe.allocConf());
        case "--probe-workload" ->
            probe =
                new ProbeOptions(
                    probe.result(), value(args, ++i, a), probe.allocators(), probe.allocConf());
        case "--probe-allocator" ->
            probe =
                new ProbeOptions(
                    probe.result(),
                    probe.workload(),
                    List.of(value(args, ++i, a).split(",")),
                    probe.allocConf());
        case "--probe-alloc-conf" ->
            probe =
                new ProbeOptions(
                    probe.result(), probe.workload(), probe.allocators(), value(args, ++i, a));
        case "demo-serve" -> {
          if (mode == Mode.GUI) {
            mode = Mode.DEMO_SERVE;
          }
        }
        case "bench" -> {
          if (mode == Mode.GUI) {
            mode = Mode.BENCH;
          }
          bench = value(args, ++i, "bench");
        }
        default -> {
          if (a.startsWith("--") && a.contains("=")) {
            // Accept --flag=value as well as --flag value.
            String[] kv = a.split("=", 2);
            List<String> rest = new ArrayList<>(List.of(args).subList(0, i));
            rest.add(kv[0]);
            rest.add(kv[1]);
            rest.addAll(List.of(args).subList(i + 1, args.length));
            return parse(rest.toArray(String[]::new));
          }
          throw new UsageException("unknown option '" + a + "' (see --help)");
        }
      }
    }
    if (mode == Mode.EXPORT && !EXPORT_SECTIONS.contains(section)) {
      throw new UsageException(
          "unknown section '"
              + section
              + "' for export; sections: "
              + String.join(", ", EXPORT_SECTIONS));
    }
    return new CommandLine(
        mode,
        kubeconfig,
        List.copyOf(contexts),
        prometheus,
        prometheusService,
        demo,
        seed,
        size,
        smoke,
        section,
        format,
        bench,
        kubeconfigOut,
        probe,
        snapshot,
        List.copyOf(sloFiles),
        at,
        sloPolicy,
        new ReleaseOptions(readOnly, scenario, regression, speed),
        trace);
  }

  /** Demo unless the user named something real to connect to. */
  public boolean demo() {
    return mode == Mode.DEMO_SERVE
        || forceDemo
        || (kubeconfig.isEmpty()
            && contexts.isEmpty()
            && prometheus.isEmpty()
            && prometheusService.isEmpty());
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(flag + " needs a value (see --help)");
    }
    return args[i];
  }

  private static long number(String v, String flag) throws UsageException {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " expects a whole number, got '" + v + "'");
    }
  }

  private static java.time.Instant instant(String v) throws UsageException {
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new UsageException(
          "--at expects an RFC 3339 time such as 2026-11-20T14:30:00Z, got '" + v + "'");
    }
  }

  private static URI url(String v) throws UsageException {
    try {
      URI u = new URI(v);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new UsageException("--prometheus expects http(s)://host[:port], got '" + v + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new UsageException("--prometheus is not a valid URL: " + e.getMessage());
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String v, String flag)
      throws UsageException {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> allowed = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        allowed.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw new UsageException(flag + " expects one of " + allowed + ", got '" + v + "'");
    }
  }
}
