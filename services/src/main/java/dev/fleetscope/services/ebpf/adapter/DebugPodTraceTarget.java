package dev.fleetscope.services.ebpf.adapter;

import dev.fleetscope.services.common.AuditLog;
import dev.fleetscope.services.ebpf.PodAttribution;
import dev.fleetscope.services.ebpf.TraceEnd;
import dev.fleetscope.services.ebpf.TraceListener;
import dev.fleetscope.services.ebpf.TraceReader;
import dev.fleetscope.services.ebpf.TraceRun;
import dev.fleetscope.services.ebpf.TraceStartException;
import dev.fleetscope.services.ebpf.TraceTarget;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces a cluster node through a privileged debug pod, as {@code kubectl debug node/NAME} does
 * (host PID namespace, privileged, pinned to the node, tolerating every taint): bpftrace runs as
 * the pod's command and its output is streamed through the API as the pod's log. RBAC is checked
 * first; every create and delete goes to the audit log; the pod is deleted when the run stops, is
 * cancelled, fails, or the console exits ({@link #closeAll()}). Pods a crashed console left behind
 * carry the labels below and are found by {@link #leftovers}.
 */
public final class DebugPodTraceTarget implements TraceTarget {
  private static final Logger LOG = LoggerFactory.getLogger(DebugPodTraceTarget.class);
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String ROLE = "fleetscope.dev/role";
  public static final String NODE = "fleetscope.dev/node";
  public static final String OWNER = "fleetscope.dev/owner";
  public static final String DEFAULT_IMAGE = "quay.io/iovisor/bpftrace:latest";
  private static final String PID_FILE = "/tmp/fleetscope-bpftrace.pid";

  /** Execs tried for one batch of PIDs while they come back with no output at all. */
  static final int CGROUP_ATTEMPTS = 3;

  private static final java.util.Set<DebugPodTraceTarget.NodeRun> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param namespace where debug pods are created
   * @param image an image with bpftrace on PATH
   * @param owner who started it (user@host), written on the pod so a leftover says whose it was
   */
  public record Options(String namespace, String image, String owner, int startTimeoutSeconds) {
    public static Options defaults(String owner) {
      return new Options("default", DEFAULT_IMAGE, owner, 120);
    }
  }

  private final KubernetesClient client;
  private final String context;
  private final String node;
  private final Options options;
  private final AuditLog audit;
  private final Clock clock;

  public DebugPodTraceTarget(
      KubernetesClient client,
      String context,
      String node,
      Options options,
      AuditLog audit,
      Clock clock) {
    this.client = client;
    this.context = context;
    this.node = node;
    this.options = options;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public String describe() {
    return "node " + node + " (" + context + ")";
  }

  /** RBAC: create, get, delete pods, read their logs and exec into them, in the namespace. */
  @Override
  public Optional<String> unavailable() {
    List<String> refused = new ArrayList<>();
    String[][] needs = {
      {"create", "pods", null},
      {"get", "pods", null},
      {"delete", "pods", null},
      {"get", "pods", "log"},
      {"create", "pods", "exec"}
    };
    for (String[] n : needs) {
      try {
        SelfSubjectAccessReview answer =
            client
                .authorization()
                .v1()
                .selfSubjectAccessReview()
                .create(
                    new SelfSubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withNewResourceAttributes()
                        .withVerb(n[0])
                        .withResource(n[1])
                        .withSubresource(n[2])
                        .withNamespace(options.namespace())
                        .endResourceAttributes()
                        .endSpec()
                        .build());
        boolean allowed =
            answer != null
                && answer.getStatus() != null
                && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        if (!allowed) {
          refused.add(n[0] + " " + n[1] + (n[2] == null ? "" : "/" + n[2]));
        }
      } catch (KubernetesClientException e) {
        return Optional.of(
            "Could not check RBAC in " + context + ": " + e.getMessage().split("\n")[0]);
      }
    }
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "Tracing node "
            + node
            + " needs a debug pod, and RBAC in "
            + context
            + " does not allow "
            + String.join(", ", refused)
            + " in namespace "
            + options.namespace()
            + ".");
  }

  /** The pod a run would create: shown for confirmation before anything is sent. */
  public Pod podFor(String program, int limitSeconds, String runId) {
    String name =
        ("fleetscope-trace-" + node.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"))
            .replaceAll("-+$", "");
    if (name.length() > 50) {
      name = name.substring(0, 50);
    }
    name = name + "-" + runId.substring(0, 8);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(options.namespace())
        .withLabels(Map.of(MANAGED_BY, "fleetscope", ROLE, "trace", NODE, labelValue(node)))
        .withAnnotations(
            Map.of(
                OWNER,
                options.owner(),
                "fleetscope.dev/run",
                runId,
                "fleetscope.dev/started",
                clock.instant().toString()))
        .endMetadata()
        .withNewSpec()
        .withNodeSelector(Map.of("kubernetes.io/hostname", node))
        .withHostPID(true)
        .withHostNetwork(true)
        .withRestartPolicy("Never")
        .withActiveDeadlineSeconds((long) limitSeconds + options.startTimeoutSeconds() + 60)
        .withTerminationGracePeriodSeconds(5L)
        .addNewToleration()
        .withOperator("Exists")
        .endToleration()
        .addNewContainer()
        .withName("bpftrace")
        .withImage(options.image())
        .withCommand(
            "sh",
            "-c",
            // The shell's PID (a host PID: hostPID) becomes bpftrace's through exec, so a stop can
            // signal exactly this bpftrace and no other on the node.
            "echo $$ > " + PID_FILE + "; exec bpftrace -f json -e \"$FLEETSCOPE_PROGRAM\"")
        .addNewEnv()
        .withName("FLEETSCOPE_PROGRAM")
        .withValue(program)
        .endEnv()
        .addNewEnv()
        .withName("BPFTRACE_MAP_KEYS_MAX")
        .withValue("65536")
        .endEnv()
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("sys")
        .withMountPath("/sys")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("modules")
        .withMountPath("/lib/modules")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("sys")
        .withNewHostPath()
        .withPath("/sys")
        .endHostPath()
        .endVolume()
        .addNewVolume()
        .withName("modules")
        .withNewHostPath()
        .withPath("/lib/modules")
        .endHostPath()
        .endVolume()
        .endSpec()
        .build();
  }

  /** The pod spec as YAML, for the confirmation dialog. */
  public String describePod(String program, int limitSeconds) {
    return Serialization.asYaml(podFor(program, limitSeconds, "00000000-preview"));
  }

  @Override
  public TraceRun start(String program, int limitSeconds, TraceListener listener, Writer recording)
      throws TraceStartException {
    Optional<String> why = unavailable();
    if (why.isPresent()) {
      throw new TraceStartException(why.get());
    }
    Pod pod = podFor(program, limitSeconds, UUID.randomUUID().toString());
    Pod created;
    try {
      created = client.pods().inNamespace(options.namespace()).resource(pod).create();
      audit("create debug pod", pod.getMetadata().getName(), "ok");
    } catch (KubernetesClientException e) {
      audit("create debug pod", pod.getMetadata().getName(), e.getMessage().split("\n")[0]);
      throw new TraceStartException(
          "Could not create the debug pod in "
              + context
              + "/"
              + options.namespace()
              + ": "
              + e.getMessage().split("\n")[0],
          e);
    }
    NodeRun run = new NodeRun(created.getMetadata().getName(), limitSeconds, listener, recording);
    LIVE.add(run);
    run.begin();
    return run;
  }

  private static String labelValue(String s) {
    String v = s.replaceAll("[^A-Za-z0-9._-]", "-");
    return v.length() > 63 ? v.substring(0, 63) : v;
  }

  private void audit(String action, String pod, String outcome) {
    if (audit == null) {
      return;
    }
    try {
      audit.append(
          new AuditLog.Entry(
              clock.instant(),
              options.owner(),
              context,
              options.namespace(),
              "Pod",
              pod,
              action,
              List.of(new AuditLog.Change("", "", "node=" + node, 0)),
              outcome));
    } catch (RuntimeException e) {
      LOG.warn("could not write the audit log: {}", e.getMessage());
    }
  }

  /**
   * The traced node's processes, read through the run's debug pod: with the host's PID namespace,
   * {@code /proc/PID/cgroup} there names each process's pod UID and container ID. One exec per
   * batch of unknown PIDs; nothing while no run on this node is live. cgroup ids are not resolved
   * on nodes (events carry the PID as well).
   */
  public PodAttribution.ProcessTable processTable() {
    Map<Integer, String> known = new java.util.concurrent.ConcurrentHashMap<>();
    return new PodAttribution.ProcessTable() {
      @Override
      public Optional<String> cgroupOf(int pid) {
        if (!known.containsKey(pid)) {
          prefetch(List.of(pid));
        }
        String path = known.get(pid);
        return path == null || path.isEmpty() ? Optional.empty() : Optional.of(path);
      }

      @Override
      public Optional<String> cgroupPath(long cgroupId) {
        return Optional.empty();
      }

      @Override
      public void prefetch(java.util.Collection<Integer> pids) {
        NodeRun run = liveRun();
        if (run == null || pids.isEmpty()) {
          return;
        }
        known.putAll(run.cgroupsOf(pids));
      }
    };
  }

  private NodeRun liveRun() {
    for (NodeRun r : LIVE) {
      if (r.node().equals(node) && r.context().equals(context) && !r.done.isDone()) {
        return r;
      }
    }
    return null;
  }

  /** Parses "PID 0::/path" lines (a PID alone: the process is gone or has no v2 line). */
  static Map<Integer, String> parseCgroups(String out) {
    Map<Integer, String> m = new java.util.HashMap<>();
    for (String line : out.split("\n")) {
      String l = line.strip();
      int sp = l.indexOf(' ');
      String pid = sp < 0 ? l : l.substring(0, sp);
      try {
        int p = Integer.parseInt(pid);
        String rest = sp < 0 ? "" : l.substring(sp + 1).strip();
        m.put(p, rest.startsWith("0::") ? rest.substring(3) : "");
      } catch (NumberFormatException e) {
        // not one of ours
      }
    }
    return m;
  }

  /** Deletes every debug pod this console still runs (on exit). */
  public static void closeAll() {
    for (NodeRun r : List.copyOf(LIVE)) {
      r.cancel();
    }
  }

  /** Debug pods made by a Fleetscope that are not runs of this console (a crash's leftovers). */
  public static List<Pod> leftovers(KubernetesClient client) {
    List<String> mine = new ArrayList<>();
    for (NodeRun r : LIVE) {
      mine.add(r.pod);
    }
    List<Pod> out = new ArrayList<>();
    for (Pod p :
        client
            .pods()
            .inAnyNamespace()
            .withLabel(MANAGED_BY, "fleetscope")
            .withLabel(ROLE, "trace")
            .list()
            .getItems()) {
      if (!mine.contains(p.getMetadata().getName())) {
        out.add(p);
      }
    }
    return out;
  }

  /** Deletes leftovers (after the user agreed), each audited. */
  public static int cleanUp(
      KubernetesClient client, String context, List<Pod> pods, AuditLog audit, Clock clock) {
    int n = 0;
    for (Pod p : pods) {
      String outcome = "ok";
      try {
        client
            .pods()
            .inNamespace(p.getMetadata().getNamespace())
            .withName(p.getMetadata().getName())
            .withGracePeriod(0)
            .delete();
        n++;
      } catch (KubernetesClientException e) {
        outcome = e.getMessage().split("\n")[0];
      }
      if (audit != null) {
        audit.append(
            new AuditLog.Entry(
                clock.instant(),
                System.getProperty("user.name", ""),
                context,
                p.getMetadata().getNamespace(),
                "Pod",
                p.getMetadata().getName(),
                "delete leftover debug pod",
                List.of(),
                outcome));
      }
    }
    return n;
  }

  /** One run: waits for the pod, streams its log, deletes it at the end whatever happens. */
  final class NodeRun implements TraceRun {
    final String pod;
    private final int limitSeconds;
    private final TraceListener listener;
    private final Writer recording;
    private final CompletableFuture<TraceEnd> done = new CompletableFuture<>();
    private volatile boolean stopped;
    private volatile boolean cancelled;
    private volatile LogWatch logs;
    private volatile boolean deleted;
    private volatile boolean started;
    private final TraceReader reader;

    NodeRun(String pod, int limitSeconds, TraceListener listener, Writer recording) {
      this.pod = pod;
      this.limitSeconds = limitSeconds;
      this.listener = listener;
      this.recording = recording;
      this.reader = new TraceReader(listener, recording, true);
    }

    private PodResource resource() {
      return client.pods().inNamespace(options.namespace()).withName(pod);
    }

    String node() {
      return node;
    }

    String context() {
      return context;
    }

    /**
     * The unified cgroup line of each PID, read in the pod in one exec; empty on failure. The
     * script prints a line for every PID, so an exec that ends with no output lost it (the client
     * can see the socket close before its frames when the command ends at once): it is tried again,
     * up to {@link #CGROUP_ATTEMPTS} times. A failed exec is not retried here; the next lookup asks
     * again.
     */
    Map<Integer, String> cgroupsOf(java.util.Collection<Integer> pids) {
      StringBuilder list = new StringBuilder();
      for (int p : new java.util.TreeSet<>(pids)) {
        list.append(' ').append(p);
      }
      String script =
          "for p in"
              + list
              + "; do printf '%s ' $p; grep -m1 '^0::' /proc/$p/cgroup 2>/dev/null || echo; done";
      for (int attempt = 1; attempt <= CGROUP_ATTEMPTS; attempt++) {
        try (var exec = resource().redirectingOutput().exec("sh", "-c", script)) {
          byte[] out = exec.getOutput().readAllBytes();
          Map<Integer, String> found =
              parseCgroups(new String(out, java.nio.charset.StandardCharsets.UTF_8));
          if (!found.isEmpty()) {
            return found;
          }
          LOG.debug("no cgroup output from {} (attempt {})", node, attempt);
        } catch (IOException | KubernetesClientException e) {
          LOG.debug("could not read cgroups on {}: {}", node, e.getMessage());
          return Map.of();
        }
      }
      return Map.of();
    }

    void begin() {
      Thread t = new Thread(this::run, "trace-node-" + node);
      t.setDaemon(true);
      t.start();
    }

    private void run() {
      TraceEnd end;
      try {
        listener.diagnostic("Created debug pod " + options.namespace() + "/" + pod + " on " + node);
        String failure = awaitStart();
        if (failure != null) {
          end = new TraceEnd(false, failure, 0);
        } else if (cancelled) {
          end = new TraceEnd(true, "Cancelled before bpftrace started.", 0);
        } else {
          started = true;
          scheduleLimit();
          // Waits for the log's response: a cancel meanwhile has already ended the run.
          logs = resource().watchLog();
          if (cancelled) {
            logs.close();
          }
          reader.read(logs.getOutput());
          String problem = cancelled || stopped ? null : afterStream();
          end =
              problem != null
                  ? new TraceEnd(false, problem, reader.lines())
                  : new TraceEnd(
                      true,
                      cancelled ? "Cancelled." : stopped ? "Stopped." : "Finished.",
                      reader.lines());
        }
      } catch (IOException | KubernetesClientException e) {
        end =
            new TraceEnd(
                false,
                cancelled
                    ? "Cancelled."
                    : "Streaming from the debug pod failed: "
                        + String.valueOf(e.getMessage()).split("\n")[0],
                reader.lines());
      } catch (RuntimeException e) {
        LOG.warn("trace on {} failed", node, e);
        end =
            new TraceEnd(
                false, "The trace on " + node + " failed: " + e.getMessage(), reader.lines());
      }
      delete();
      finish(end);
    }

    private void finish(TraceEnd end) {
      LIVE.remove(this);
      done.complete(end);
    }

    /** Null once bpftrace runs (or already ran), else why it will not. */
    private String awaitStart() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.startTimeoutSeconds());
      while (!cancelled && System.nanoTime() < deadline) {
        Pod p = resource().get();
        if (cancelled) {
          return null;
        }
        if (p == null) {
          return "The debug pod " + pod + " disappeared before it started.";
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Running".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
          return null;
        }
        if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
          for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
            if (cs.getState() != null && cs.getState().getWaiting() != null) {
              String reason = String.valueOf(cs.getState().getWaiting().getReason());
              if (reason.contains("ImagePull")
                  || reason.contains("ErrImage")
                  || reason.contains("CreateContainer")) {
                return "The debug pod cannot start: "
                    + reason
                    + " for image "
                    + options.image()
                    + " ("
                    + cs.getState().getWaiting().getMessage()
                    + ")";
              }
            }
          }
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "Interrupted while waiting for the debug pod.";
        }
      }
      return cancelled
          ? null
          : "The debug pod did not start within " + options.startTimeoutSeconds() + " s.";
    }

    /**
     * Why the log ended, when it was not asked to: bpftrace failed (the container's exit code and
     * reason), or the stream broke while bpftrace still ran. Null when bpftrace finished cleanly.
     */
    private String afterStream() {
      for (int attempt = 0; attempt < 6; attempt++) {
        Pod p = resource().get();
        if (p == null) {
          return "The debug pod was deleted while tracing.";
        }
        if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
          for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
            var term = cs.getState() == null ? null : cs.getState().getTerminated();
            if (term != null) {
              Integer code = term.getExitCode();
              if (code == null || code == 0) {
                return null;
              }
              return "bpftrace exited with "
                  + code
                  + " on "
                  + node
                  + (term.getMessage() == null ? "" : ": " + term.getMessage().strip())
                  + (term.getReason() == null ? "" : " (" + term.getReason() + ")");
            }
          }
        }
        if ("Succeeded".equals(p.getStatus() == null ? null : p.getStatus().getPhase())) {
          return null;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return "Streaming from the debug pod failed: the log ended while bpftrace was still"
          + " running (the API server or kubelet closed it).";
    }

    private void scheduleLimit() {
      CompletableFuture.delayedExecutor(limitSeconds, TimeUnit.SECONDS)
          .execute(
              () -> {
                if (!done.isDone()) {
                  stop();
                }
              });
    }

    @Override
    public String target() {
      return describe();
    }

    @Override
    public void stop() {
      if (stopped || done.isDone()) {
        return;
      }
      stopped = true;
      try {
        resource()
            .redirectingOutput()
            .exec("sh", "-c", "kill -INT $(cat " + PID_FILE + ")")
            .exitCode()
            .get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        listener.diagnostic(
            "Could not signal bpftrace in the debug pod ("
                + e.getClass().getSimpleName()
                + "); deleting the pod instead");
        delete();
      }
      // bpftrace prints its maps and exits, which ends the log; should it not, the pod goes.
      CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS)
          .execute(
              () -> {
                if (!done.isDone()) {
                  delete();
                }
              });
    }

    @Override
    public void cancel() {
      cancelled = true;
      reader.stop();
      delete();
      LogWatch l = logs;
      if (l != null) {
        l.close();
      }
      // The run thread may be waiting on the API server (the log's response, the pod's status):
      // the cancel ends the run now, and what that thread sees later is dropped.
      finish(
          new TraceEnd(
              true, started ? "Cancelled." : "Cancelled before bpftrace started.", reader.lines()));
    }

    private synchronized void delete() {
      if (deleted) {
        return;
      }
      deleted = true;
      String outcome = "ok";
      try {
        resource().withGracePeriod(0).delete();
      } catch (KubernetesClientException e) {
        outcome = e.getMessage().split("\n")[0];
        LOG.warn("could not delete debug pod {}: {}", pod, outcome);
      }
      audit("delete debug pod", pod, outcome);
    }

    @Override
    public CompletableFuture<TraceEnd> done() {
      return done;
    }
  }
}
