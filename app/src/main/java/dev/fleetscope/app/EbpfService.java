package dev.fleetscope.app;

import dev.fleetscope.app.cli.CommandLine;
import dev.fleetscope.services.cluster.KubeconfigException;
import dev.fleetscope.services.cluster.adapter.KubeClients;
import dev.fleetscope.services.cluster.adapter.KubeconfigCatalog;
import dev.fleetscope.services.common.AuditLog;
import dev.fleetscope.services.ebpf.DemoRecordings;
import dev.fleetscope.services.ebpf.HostProcessTable;
import dev.fleetscope.services.ebpf.LocalTraceTarget;
import dev.fleetscope.services.ebpf.PodAttribution;
import dev.fleetscope.services.ebpf.RecordedTrace;
import dev.fleetscope.services.ebpf.TraceListener;
import dev.fleetscope.services.ebpf.TraceRun;
import dev.fleetscope.services.ebpf.TraceStartException;
import dev.fleetscope.services.ebpf.adapter.DebugPodTraceTarget;
import dev.fleetscope.services.ebpf.adapter.Fabric8PodDirectory;
import dev.fleetscope.views.ebpf.TraceControl;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The eBPF section's port: this host through the local bpftrace, each connected cluster's nodes
 * through debug pods (not in read-only mode: a debug pod is a cluster write), and the built-in
 * recordings. Each raw stream is recorded under the state directory (the newest 20 are kept).
 */
final class EbpfService implements TraceControl, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EbpfService.class);
  private static final int KEEP_RECORDINGS = 20;

  private final AppPaths paths;
  private final Clock clock;
  private final boolean readOnly;
  private final AuditLog audit;
  private final CommandLine.TraceOptions options;
  private final double demoSpeed;
  private final LocalTraceTarget host = new LocalTraceTarget(Optional.empty());

  /** The connected clusters' clients; null after a connect until the section first needs them. */
  private Map<String, KubernetesClient> clients = Map.of();

  private KubeconfigCatalog catalog;
  private List<String> contexts = List.of();
  private volatile boolean demo;

  EbpfService(
      AppPaths paths,
      Clock clock,
      boolean readOnly,
      AuditLog audit,
      CommandLine.TraceOptions options,
      double demoSpeed) {
    this.demoSpeed = demoSpeed;
    this.paths = paths;
    this.clock = clock;
    this.readOnly = readOnly;
    this.audit = audit;
    this.options = options;
  }

  /** The clusters whose nodes can be traced (the demo's are listed, but cannot run bpftrace). */
  synchronized void useClusters(KubeconfigCatalog catalog, List<String> contexts, boolean isDemo) {
    Map<String, KubernetesClient> previous = clients;
    // Built when the section first needs them (its targets, a trace): a connect does not wait for
    // clients that tracing may never use.
    clients = null;
    this.catalog = catalog;
    this.contexts = List.copyOf(contexts);
    demo = isDemo;
    if (previous != null) {
      previous.values().forEach(KubernetesClient::close);
    }
  }

  private synchronized Map<String, KubernetesClient> clients() {
    if (clients == null) {
      Map<String, KubernetesClient> next = new LinkedHashMap<>();
      if (catalog != null) {
        for (String context : contexts) {
          try {
            next.put(context, KubeClients.build(catalog.clientConfig(context)));
          } catch (KubeconfigException | RuntimeException e) {
            LOG.warn("no client for context {}: {}", context, e.getMessage());
          }
        }
      }
      clients = Map.copyOf(next);
    }
    return clients;
  }

  @Override
  public boolean demo() {
    return demo;
  }

  @Override
  public List<Target> targets() {
    List<Target> out = new ArrayList<>();
    out.add(new Target("host", "This host (live)", Target.Kind.HOST, host.unavailable()));
    if (!readOnly) {
      for (Map.Entry<String, KubernetesClient> c : clients().entrySet()) {
        try {
          List<Node> nodes = c.getValue().nodes().list().getItems();
          nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
          for (Node n : nodes) {
            String name = n.getMetadata().getName();
            out.add(
                new Target(
                    "node:" + c.getKey() + "/" + name,
                    "node " + name + " (" + c.getKey() + ")",
                    Target.Kind.NODE,
                    demo
                        ? Optional.of(
                            "The demo fleet's nodes are simulated and cannot run bpftrace:"
                                + " play a recording, or trace this host.")
                        : Optional.empty()));
          }
        } catch (KubernetesClientException e) {
          LOG.warn("could not list nodes of {}: {}", c.getKey(), e.getMessage());
        }
      }
    }
    for (DemoRecordings.Recording r : DemoRecordings.all()) {
      out.add(
          new Target(
              "recording:" + r.id(),
              "Recorded: " + r.title(),
              Target.Kind.RECORDING,
              Optional.empty()));
    }
    return out;
  }

  private DebugPodTraceTarget node(Target t) {
    String rest = t.id().substring("node:".length());
    int slash = rest.lastIndexOf('/');
    String context = rest.substring(0, slash);
    KubernetesClient c = clients().get(context);
    if (c == null) {
      throw new IllegalStateException("not connected to " + context);
    }
    String owner = System.getProperty("user.name", "") + "@" + hostName();
    return new DebugPodTraceTarget(
        c,
        context,
        rest.substring(slash + 1),
        new DebugPodTraceTarget.Options(options.namespace(), options.image(), owner, 120),
        audit,
        clock);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  @Override
  public Optional<String> changeToConfirm(Target target, String program, int limitSeconds) {
    if (target.kind() != Target.Kind.NODE) {
      return Optional.empty();
    }
    String rest = target.id().substring("node:".length());
    return Optional.of(
        "Context:   "
            + rest.substring(0, rest.lastIndexOf('/'))
            + "\nNamespace: "
            + options.namespace()
            + "\nNode:      "
            + rest.substring(rest.lastIndexOf('/') + 1)
            + "\n\n"
            + node(target).describePod(program, limitSeconds));
  }

  @Override
  public Optional<String> check(Target target) {
    switch (target.kind()) {
      case HOST:
        return host.unavailable();
      case NODE:
        return target.unavailable().isPresent() ? target.unavailable() : node(target).unavailable();
      default:
        return Optional.empty();
    }
  }

  @Override
  public TraceRun start(
      Target target, String program, int limitSeconds, TraceListener listener, Writer recording)
      throws TraceStartException {
    if (target.unavailable().isPresent()) {
      throw new TraceStartException(target.unavailable().get());
    }
    switch (target.kind()) {
      case HOST:
        return host.start(program, limitSeconds, listener, recording);
      case NODE:
        if (readOnly) {
          throw new TraceStartException("Read-only mode: tracing a node would create a debug pod.");
        }
        return node(target).start(program, limitSeconds, listener, recording);
      default:
        throw new TraceStartException("A recording is played, not started.");
    }
  }

  @Override
  public TraceRun replay(
      Optional<Target> recording, Optional<Path> file, TraceListener listener, double speed) {
    if (recording.isPresent()) {
      String id = recording.get().id().substring("recording:".length());
      // Built-in recordings play at the demo's speed (--demo-speed), like the rest of the demo.
      return new RecordedTrace(
          recording.get().label(),
          () -> DemoRecordings.open(id),
          listener,
          speed * demoSpeed,
          1000);
    }
    Path f = file.orElseThrow();
    return new RecordedTrace(
        f.toString(),
        () -> {
          try {
            return RecordedTrace.openFile(f);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        listener,
        speed,
        1000);
  }

  @Override
  public PodAttribution attribution(Target target) {
    if (target.kind() == Target.Kind.HOST) {
      // This host may be a node of a connected cluster: its pods are any cluster's.
      List<Fabric8PodDirectory> dirs = new ArrayList<>();
      clients().values().forEach(c -> dirs.add(new Fabric8PodDirectory(c, hostName())));
      return new PodAttribution(
          new HostProcessTable(),
          () -> {
            List<PodAttribution.PodContainers> all = new ArrayList<>();
            dirs.forEach(d -> all.addAll(d.get()));
            return all;
          });
    }
    if (target.kind() == Target.Kind.NODE && target.unavailable().isEmpty()) {
      // The node's /proc, through the run's debug pod; its pods from that cluster.
      String rest = target.id().substring("node:".length());
      KubernetesClient c = clients().get(rest.substring(0, rest.lastIndexOf('/')));
      if (c != null) {
        return new PodAttribution(
            node(target).processTable(),
            new Fabric8PodDirectory(c, rest.substring(rest.lastIndexOf('/') + 1)));
      }
    }
    // Recordings come from elsewhere: nothing is attributed (shown as not in a pod).
    return PodAttribution.none();
  }

  @Override
  public Path newRecordingFile(String scriptId) {
    Path dir = paths.stateDir().resolve("traces");
    try {
      Files.createDirectories(dir);
      prune(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(java.time.ZoneOffset.UTC)
            .format(clock.instant());
    return dir.resolve(stamp + "-" + scriptId.replaceAll("[^A-Za-z0-9_-]", "_") + ".jsonl");
  }

  private static void prune(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all =
          files
              .filter(p -> p.getFileName().toString().endsWith(".jsonl"))
              .sorted(Comparator.comparing(Path::getFileName).reversed())
              .toList();
      for (Path old : all.subList(Math.min(all.size(), KEEP_RECORDINGS - 1), all.size())) {
        Files.deleteIfExists(old);
      }
    }
  }

  @Override
  public List<String> leftovers() {
    if (readOnly) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, KubernetesClient> c : clients().entrySet()) {
      try {
        for (Pod p : DebugPodTraceTarget.leftovers(c.getValue())) {
          out.add(
              c.getKey() + "/" + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
        }
      } catch (KubernetesClientException e) {
        LOG.debug("could not look for leftover debug pods in {}: {}", c.getKey(), e.getMessage());
      }
    }
    return out;
  }

  @Override
  public int cleanUpLeftovers() {
    if (readOnly) {
      return 0;
    }
    int n = 0;
    for (Map.Entry<String, KubernetesClient> c : clients().entrySet()) {
      try {
        n +=
            DebugPodTraceTarget.cleanUp(
                c.getValue(),
                c.getKey(),
                DebugPodTraceTarget.leftovers(c.getValue()),
                audit,
                clock);
      } catch (KubernetesClientException e) {
        LOG.warn("could not clean up debug pods in {}: {}", c.getKey(), e.getMessage());
      }
    }
    return n;
  }

  @Override
  public synchronized void close() {
    DebugPodTraceTarget.closeAll();
    if (clients != null) {
      clients.values().forEach(KubernetesClient::close);
    }
    clients = Map.of();
    catalog = null;
  }
}
