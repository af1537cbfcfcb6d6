package dev.fleetscope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscope.services.batch.BatchBoard;
import dev.fleetscope.services.batch.BatchJob;
import dev.fleetscope.services.batch.BatchQueue;
import dev.fleetscope.services.batch.Figure;
import dev.fleetscope.services.batch.QueueScan;
import dev.fleetscope.services.batch.ReplicaState;
import dev.fleetscope.services.batch.Saturation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The batch section as JSON or Markdown, for {@code fleetscope export batch}: every replica's
 * batching figures and verdict (saturated first), every queue and every job with why it waits.
 */
final class BatchExport {
  private BatchExport() {}

  private static List<ReplicaState> replicas(BatchBoard b) {
    List<ReplicaState> rows = new ArrayList<>(b.replicas());
    rows.sort(
        Comparator.comparing((ReplicaState r) -> -r.verdict().level().ordinal())
            .thenComparing(ReplicaState::key));
    return rows;
  }

  private static List<BatchJob> jobs(BatchBoard b) {
    List<BatchJob> jobs = new ArrayList<>();
    b.queues().forEach(s -> jobs.addAll(s.jobs()));
    jobs.sort(
        Comparator.comparing((BatchJob j) -> !j.state().waiting())
            .thenComparing(BatchJob::cluster)
            .thenComparing(BatchJob::namespace)
            .thenComparing(BatchJob::name));
    return jobs;
  }

  static String json(BatchBoard b) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("section", "batch");
    root.put("readAt", b.at() == null ? null : b.at().toString());
    root.put("replicaSource", b.replicaSource());
    ArrayNode replicas = root.putArray("replicas");
    for (ReplicaState r : replicas(b)) {
      ObjectNode n = replicas.addObject();
      n.put("cluster", r.key().cluster());
      n.put("namespace", r.key().namespace());
      n.put("pod", r.key().pod());
      n.put("model", r.model());
      n.put("engine", r.engine().label());
      n.put("scrapedAt", r.scrapedAt().toString());
      ObjectNode figures = n.putObject("figures");
      for (Figure f : Figure.values()) {
        double v = r.figure(f);
        if (Double.isNaN(v)) {
          figures.putNull(key(f));
        } else {
          figures.put(key(f), v);
        }
      }
      n.put("state", r.verdict().level().name());
      n.put("bound", r.verdict().bound());
      n.put("reason", r.verdict().reason());
      String failure = b.failures().get(r.key());
      if (failure != null) {
        n.put("scrapeFailure", failure);
      }
    }
    ArrayNode failures = root.putArray("scrapeFailures");
    b.failures()
        .forEach(
            (k, why) -> {
              ObjectNode n = failures.addObject();
              n.put("replica", k.toString());
              n.put("reason", why);
            });
    ArrayNode clusters = root.putArray("clusters");
    for (QueueScan s : b.queues()) {
      ObjectNode n = clusters.addObject();
      n.put("cluster", s.cluster());
      n.put("kueueVersion", s.kueueVersion().isEmpty() ? null : s.kueueVersion());
      n.put("volcano", s.volcano());
    }
    ArrayNode queues = root.putArray("queues");
    for (QueueScan s : b.queues()) {
      for (BatchQueue q : s.queues()) {
        ObjectNode n = queues.addObject();
        n.put("cluster", q.cluster());
        n.put("scheduler", q.scheduler().toString());
        n.put("kind", q.kind());
        n.put("namespace", q.namespace());
        n.put("name", q.name());
        n.put("parent", q.parent());
        n.put("state", q.state());
        n.put("pending", q.pending());
        n.put("reserving", q.reserving());
        n.put("admitted", q.admitted());
        number(n, "gpuUsed", q.gpuUsed());
        number(n, "gpuReserved", q.gpuReserved());
        number(n, "gpuNominal", q.gpuNominal());
        number(n, "gpuBorrowLimit", q.gpuBorrowLimit());
        number(n, "gpuBorrowed", q.gpuBorrowed());
      }
    }
    ArrayNode jobs = root.putArray("jobs");
    for (BatchJob j : jobs(b)) {
      ObjectNode n = jobs.addObject();
      n.put("cluster", j.cluster());
      n.put("scheduler", j.scheduler().toString());
      n.put("namespace", j.namespace());
      n.put("name", j.name());
      n.put("queue", j.queue());
      n.put("clusterQueue", j.clusterQueue());
      n.put("state", j.state().toString());
      n.put("gpus", j.gpus());
      n.put("priority", j.priority());
      n.put("reason", j.reason());
      n.put("message", j.message());
      n.put("since", j.since() == null ? null : j.since().toString());
    }
    ArrayNode problems = root.putArray("problems");
    b.problems().forEach(problems::add);
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String markdown(BatchBoard b) {
    StringBuilder md = new StringBuilder("# Batch scheduler\n\n");
    md.append("Read at ").append(b.at()).append(" from ").append(b.replicaSource()).append(".\n\n");
    md.append("## Inference replicas\n\n");
    md.append(
        "| State | Replica | Model | Engine | Running | Waiting | KV % | Preempt/s | Tok/iter |"
            + " Queue s | Gen tok/s | Why |\n");
    md.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (ReplicaState r : replicas(b)) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              r.verdict().level() == Saturation.Level.OK
                  ? "ok"
                  : r.verdict().level().name().toLowerCase(Locale.ROOT),
              cell(r.key().toString()),
              cell(r.model()),
              r.engine().label(),
              fmt(r.figure(Figure.RUNNING), "%.0f"),
              fmt(r.figure(Figure.WAITING), "%.0f"),
              fmt(r.figure(Figure.KV_CACHE), "%.0f"),
              fmt(r.figure(Figure.PREEMPTIONS), "%.2f"),
              fmt(r.figure(Figure.BATCH_TOKENS), "%.0f"),
              fmt(r.figure(Figure.QUEUE_TIME), "%.2f"),
              fmt(r.figure(Figure.GENERATION_RATE), "%.0f"),
              cell(r.verdict().reason())));
    }
    if (!b.failures().isEmpty()) {
      md.append("\n### Scrapes that failed\n\n");
      b.failures()
          .forEach((k, why) -> md.append("- ").append(k).append(": ").append(why).append('\n'));
    }
    md.append("\n## Batch queues\n\n");
    for (QueueScan s : b.queues()) {
      md.append("- ")
          .append(s.cluster())
          .append(": ")
          .append(
              s.anyScheduler()
                  ? (s.kueueVersion().isEmpty() ? "" : "Kueue " + s.kueueVersion())
                      + (s.volcano() ? (s.kueueVersion().isEmpty() ? "" : " + ") + "Volcano" : "")
                  : "no batch scheduler installed (neither Kueue nor Volcano)")
          .append('\n');
    }
    md.append(
        "\n| Scheduler | Cluster | Kind | Queue | Cohort / parent | Pending | Admitted | GPUs used |"
            + " GPU quota |\n");
    md.append("|---|---|---|---|---|---:|---:|---:|---:|\n");
    for (QueueScan s : b.queues()) {
      for (BatchQueue q : s.queues()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %d | %d | %s | %s |%n",
                q.scheduler(),
                q.cluster(),
                q.kind(),
                cell(q.namespace().isEmpty() ? q.name() : q.namespace() + "/" + q.name()),
                cell(q.parent()),
                q.pending(),
                q.admitted(),
                fmt(q.gpuUsed(), "%.0f"),
                fmt(q.gpuNominal(), "%.0f")));
      }
    }
    md.append("\n## Jobs\n\n| State | Cluster | Job | Queue | GPUs | Reason | Message |\n");
    md.append("|---|---|---|---|---:|---|---|\n");
    for (BatchJob j : jobs(b)) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %d | %s | %s |%n",
              j.state(),
              j.cluster(),
              cell(j.namespace() + "/" + j.name()),
              cell(j.queue()),
              j.gpus(),
              cell(j.reason()),
              cell(j.message())));
    }
    if (!b.problems().isEmpty()) {
      md.append("\n## Problems\n\n");
      b.problems().forEach(p -> md.append("- ").append(p).append('\n'));
    }
    return md.toString();
  }

  private static String key(Figure f) {
    String[] words = f.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder s = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      s.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return s.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String fmt(double v, String pattern) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, pattern, v);
  }

  private static void number(ObjectNode n, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}
