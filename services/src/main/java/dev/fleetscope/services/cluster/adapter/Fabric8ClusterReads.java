package dev.fleetscope.services.cluster.adapter;

import dev.fleetscope.services.cluster.ClusterReads;
import dev.fleetscope.services.cluster.EventFacts;
import dev.fleetscope.services.cluster.PodDetail;
import dev.fleetscope.services.cluster.PodDetail.ContainerDetail;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On-demand reads through the watched clusters' fabric8 clients. */
final class Fabric8ClusterReads implements ClusterReads {
  private static final Logger LOG = LoggerFactory.getLogger(Fabric8ClusterReads.class);

  private final Function<String, KubernetesClient> clients;
  private final Executor io;

  Fabric8ClusterReads(Function<String, KubernetesClient> clients, Executor io) {
    this.clients = clients;
    this.io = io;
  }

  @Override
  public CompletableFuture<PodDetail> pod(String context, String namespace, String name) {
    return CompletableFuture.supplyAsync(
        () -> {
          KubernetesClient c = clients.apply(context);
          Pod pod = call(context, () -> c.pods().inNamespace(namespace).withName(name).get());
          if (pod == null) {
            throw new IllegalStateException(
                "pod " + namespace + "/" + name + " no longer exists in context '" + context + "'");
          }
          return detail(context, pod);
        },
        io);
  }

  static PodDetail detail(String context, Pod pod) {
    List<ContainerDetail> containers = new ArrayList<>();
    Map<String, ContainerStatus> statuses = new LinkedHashMap<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getInitContainerStatuses() != null) {
        pod.getStatus().getInitContainerStatuses().forEach(s -> statuses.put(s.getName(), s));
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        pod.getStatus().getContainerStatuses().forEach(s -> statuses.put(s.getName(), s));
      }
    }
    if (pod.getSpec() != null) {
      if (pod.getSpec().getInitContainers() != null) {
        pod.getSpec()
            .getInitContainers()
            .forEach(c -> containers.add(container(c, true, statuses)));
      }
      if (pod.getSpec().getContainers() != null) {
        pod.getSpec().getContainers().forEach(c -> containers.add(container(c, false, statuses)));
      }
    }
    List<String> conditions = new ArrayList<>();
    String ip = "";
    String qos = "";
    Instant started = null;
    if (pod.getStatus() != null) {
      if (pod.getStatus().getConditions() != null) {
        for (PodCondition c : pod.getStatus().getConditions()) {
          String reason = c.getReason() == null ? "" : " (" + c.getReason() + ")";
          String message = c.getMessage() == null ? "" : ": " + c.getMessage();
          conditions.add(c.getType() + "=" + c.getStatus() + reason + message);
        }
      }
      ip = Objects.requireNonNullElse(pod.getStatus().getPodIP(), "");
      qos = Objects.requireNonNullElse(pod.getStatus().getQosClass(), "");
      started = KubeFacts.instant(pod.getStatus().getStartTime());
    }
    String serviceAccount =
        pod.getSpec() == null
            ? ""
            : Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "");
    return new PodDetail(
        context, KubeFacts.pod(pod), ip, qos, serviceAccount, started, conditions, containers);
  }

  private static ContainerDetail container(
      Container c, boolean init, Map<String, ContainerStatus> statuses) {
    ContainerStatus s = statuses.get(c.getName());
    String state = "";
    String last = "";
    boolean ready = false;
    int restarts = 0;
    if (s != null) {
      state = describe(s.getState());
      last = describe(s.getLastState());
      ready = Boolean.TRUE.equals(s.getReady());
      restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
    }
    Map<String, String> requests = new LinkedHashMap<>();
    Map<String, String> limits = new LinkedHashMap<>();
    if (c.getResources() != null) {
      text(c.getResources().getRequests(), requests);
      text(c.getResources().getLimits(), limits);
    }
    return new ContainerDetail(
        c.getName(),
        Objects.requireNonNullElse(c.getImage(), ""),
        init,
        requests,
        limits,
        state,
        ready,
        restarts,
        last);
  }

  private static void text(Map<String, Quantity> from, Map<String, String> to) {
    if (from != null) {
      from.forEach((k, v) -> to.put(k, v.toString()));
    }
  }

  private static String describe(ContainerState state) {
    if (state == null) {
      return "";
    }
    if (state.getRunning() != null) {
      return "Running since " + Objects.requireNonNullElse(state.getRunning().getStartedAt(), "?");
    }
    if (state.getWaiting() != null) {
      return "Waiting: " + Objects.requireNonNullElse(state.getWaiting().getReason(), "");
    }
    if (state.getTerminated() != null) {
      var t = state.getTerminated();
      String at = t.getFinishedAt() == null ? "" : " at " + t.getFinishedAt();
      return "Terminated: "
          + Objects.requireNonNullElse(t.getReason(), "")
          + " (exit "
          + t.getExitCode()
          + ")"
          + at;
    }
    return "";
  }

  @Override
  public CompletableFuture<List<EventFacts>> events(
      String context, String kind, String namespace, String name) {
    return CompletableFuture.supplyAsync(
        () -> {
          KubernetesClient c = clients.apply(context);
          List<Event> items =
              call(
                  context,
                  () ->
                      c.v1()
                          .events()
                          .inNamespace(namespace)
                          .withField("involvedObject.name", name)
                          .list()
                          .getItems());
          List<EventFacts> out = new ArrayList<>();
          for (Event e : items) {
            var ref = e.getInvolvedObject();
            // Servers filter by the field selector; filtering again keeps servers that ignore it
            // (and objects of another kind with the same name) out.
            if (ref == null || !name.equals(ref.getName()) || !kind.equals(ref.getKind())) {
              continue;
            }
            out.add(event(e));
          }
          out.sort(
              Comparator.comparing(
                      EventFacts::lastSeen,
                      Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                  .reversed());
          return out;
        },
        io);
  }

  private static EventFacts event(Event e) {
    String when =
        e.getLastTimestamp() != null
            ? e.getLastTimestamp()
            : e.getEventTime() != null ? e.getEventTime().getTime() : e.getFirstTimestamp();
    String source =
        e.getSource() != null && e.getSource().getComponent() != null
            ? e.getSource().getComponent()
            : Objects.requireNonNullElse(e.getReportingComponent(), "");
    return new EventFacts(
        Objects.requireNonNullElse(e.getType(), ""),
        Objects.requireNonNullElse(e.getReason(), ""),
        Objects.requireNonNullElse(e.getMessage(), ""),
        e.getCount() == null ? 1 : e.getCount(),
        KubeFacts.instant(when),
        source);
  }

  @Override
  public LogStream logs(
      String context,
      String namespace,
      String pod,
      String container,
      int tailLines,
      boolean follow,
      Consumer<String> lines,
      Consumer<String> ended) {
    LogReader reader =
        new LogReader(context, namespace, pod, container, tailLines, follow, lines, ended);
    Thread t = new Thread(reader, "fleetscope-log-" + pod);
    t.setDaemon(true);
    t.start();
    return reader;
  }

  /** Reads one log on its own thread (a followed log blocks for as long as it is open). */
  private final class LogReader implements Runnable, LogStream {
    private final String context;
    private final String namespace;
    private final String pod;
    private final String container;
    private final int tailLines;
    private final boolean follow;
    private final Consumer<String> lines;
    private final Consumer<String> ended;
    private volatile boolean closed;
    private volatile LogWatch watch;

    LogReader(
        String context,
        String namespace,
        String pod,
        String container,
        int tailLines,
        boolean follow,
        Consumer<String> lines,
        Consumer<String> ended) {
      this.context = context;
      this.namespace = namespace;
      this.pod = pod;
      this.container = container;
      this.tailLines = tailLines;
      this.follow = follow;
      this.lines = lines;
      this.ended = ended;
    }

    @Override
    public void run() {
      String failure = null;
      try {
        KubernetesClient c = clients.apply(context);
        var log =
            c.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(container)
                .tailingLines(tailLines);
        if (!follow) {
          String text = call(context, log::getLog);
          if (text == null) {
            throw new IllegalStateException(
                "context '"
                    + context
                    + "': no log for "
                    + pod
                    + "/"
                    + container
                    + " (the pod or container does not exist)");
          }
          for (String line : text.split("\n", -1)) {
            if (closed) {
              break;
            }
            if (!line.isEmpty()) {
              lines.accept(line);
            }
          }
        } else {
          watch = call(context, log::watchLog);
          if (closed) {
            watch.close();
          }
          try (BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
            String line;
            while (!closed && (line = in.readLine()) != null) {
              lines.accept(line);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          failure = e instanceof IllegalStateException ? e.getMessage() : describe(e);
          LOG.debug("log of {}/{} in {} ended", namespace, pod, context, e);
        }
      } finally {
        close();
        ended.accept(failure);
      }
    }

    private String describe(Exception e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      return "log of "
          + pod
          + "/"
          + container
          + " in context '"
          + context
          + "': "
          + ConnectionErrors.rootMessage(cause);
    }

    @Override
    public void close() {
      closed = true;
      LogWatch w = watch;
      if (w != null) {
        w.close();
      }
    }
  }

  /** Runs a call, turning an API failure into a message that names the context. */
  private static <T> T call(String context, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "context '" + context + "': " + ConnectionErrors.describe("the API server", e), e);
    }
  }
}
