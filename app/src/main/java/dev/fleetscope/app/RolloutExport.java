package dev.fleetscope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscope.services.rollout.AnalysisRun;
import dev.fleetscope.services.rollout.CanaryReport;
import dev.fleetscope.services.rollout.CanaryStep;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutBoard;
import dev.fleetscope.services.rollout.judge.MetricJudgment;
import java.util.Locale;

/**
 * The Gray releases section as JSON or Markdown, for {@code fleetscope export rollouts}: each
 * Rollout's step, weights and versions, its canary judgment per metric, and its analysis runs.
 */
final class RolloutExport {
  private RolloutExport() {}

  static String json(RolloutBoard b) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("section", "rollouts");
    root.put("readAt", b.at() == null ? null : b.at().toString());
    root.put("metricsSource", b.metricsSource());
    ArrayNode rollouts = root.putArray("rollouts");
    for (Rollout r : b.rollouts()) {
      ObjectNode n = rollouts.addObject();
      n.put("context", r.context());
      n.put("namespace", r.namespace());
      n.put("name", r.name());
      n.put("phase", r.shownPhase());
      n.put("message", r.shownMessage());
      n.put("statusTrusted", r.statusTrusted());
      n.put("strategy", r.strategy().name().toLowerCase(Locale.ROOT));
      n.put("currentStepIndex", r.currentStepIndex());
      ArrayNode steps = n.putArray("steps");
      for (CanaryStep s : r.steps()) {
        steps.add(s.summary());
      }
      n.put("stableHash", r.stableHash());
      n.put("canaryHash", r.canaryHash());
      n.put("updating", r.updating());
      n.put("canaryWeight", r.weights().canary());
      n.put("stableWeight", r.weights().stable());
      n.put("weightsFromTrafficRouting", r.weights().fromTrafficRouting());
      n.put("paused", r.paused());
      n.put("aborted", r.aborted());
      n.put("readyReplicas", r.readyReplicas());
      n.put("desiredReplicas", r.desiredReplicas());
      CanaryReport report = b.reports().get(r.key());
      if (report != null) {
        ObjectNode a = n.putObject("analysis");
        a.put("source", report.source());
        if (report.problem() != null) {
          a.put("problem", report.problem());
        }
        if (report.verdict() != null) {
          a.put("outcome", report.verdict().outcome().label());
          a.put("score", report.verdict().score());
          a.put("explanation", report.verdict().explanation());
          a.put("from", report.from().toString());
          a.put("to", report.to().toString());
          a.put("stableBurnRate", report.stableBurn());
          a.put("canaryBurnRate", report.canaryBurn());
          ArrayNode metrics = a.putArray("metrics");
          for (MetricJudgment j : report.verdict().metrics()) {
            ObjectNode m = metrics.addObject();
            m.put("metric", j.metric().name());
            m.put("classification", j.classification().name());
            m.put("failed", j.failed());
            m.put("stableMedian", j.stableMedian());
            m.put("canaryMedian", j.canaryMedian());
            if (j.test() != null) {
              m.put("shiftEstimate", j.test().estimate());
              m.put("shiftLower", j.test().lower());
              m.put("shiftUpper", j.test().upper());
              m.put("pValue", j.test().pValue());
              m.put("effectSize", j.effectSize());
            }
            m.put("explanation", j.explanation());
          }
        }
      }
      ArrayNode runs = n.putArray("analysisRuns");
      for (AnalysisRun run : b.runsOf(r)) {
        ObjectNode o = runs.addObject();
        o.put("name", run.name());
        o.put("phase", run.phase());
        o.put("message", run.message());
        ArrayNode metrics = o.putArray("metrics");
        for (AnalysisRun.MetricResult m : run.metrics()) {
          ObjectNode x = metrics.addObject();
          x.put("name", m.name());
          x.put("phase", m.phase());
          x.put("successful", m.successful());
          x.put("failed", m.failed());
        }
      }
    }
    ArrayNode watched = root.putArray("watched");
    for (dev.fleetscope.services.rollout.WatchedRelease w : b.watched()) {
      ObjectNode n = watched.addObject();
      n.put("source", w.source().label());
      n.put("context", w.context());
      n.put("namespace", w.namespace());
      n.put("name", w.name());
      n.put("phase", w.phase());
      n.put("canaryWeight", w.canaryWeight());
      if (w.failedChecks() >= 0) {
        n.put("failedChecks", w.failedChecks());
      }
      if (w.threshold() >= 0) {
        n.put("threshold", w.threshold());
      }
      if (w.iterations() >= 0) {
        n.put("iterations", w.iterations());
      }
      n.put("compares", w.detail());
      n.put("message", w.message());
    }
    ArrayNode problems = root.putArray("problems");
    b.problems().forEach(problems::add);
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String markdown(RolloutBoard b) {
    StringBuilder s = new StringBuilder("# Gray releases\n\n");
    s.append("| Cluster | Rollout | Phase | Step | Canary / stable | Verdict |\n");
    s.append("|---|---|---|---|---|---|\n");
    for (Rollout r : b.rollouts()) {
      CanaryReport report = b.reports().get(r.key());
      String verdict =
          report == null
              ? ""
              : report.verdict() == null
                  ? report.problem()
                  : String.format(
                      Locale.ROOT,
                      "%s (score %.0f)",
                      report.verdict().outcome().label(),
                      report.verdict().score());
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %s/%s | %s | %s | %s |%s |\n",
              r.context(),
              r.namespace(),
              r.name(),
              r.shownPhase(),
              r.steps().isEmpty()
                  ? "–"
                  : (Math.max(0, r.currentStepIndex()) + "/" + r.steps().size()),
              r.updating()
                  ? r.weights().canary() + "% / " + r.weights().stable() + "%"
                  : "– / 100%",
              " " + verdict));
    }
    for (Rollout r : b.rollouts()) {
      CanaryReport report = b.reports().get(r.key());
      if (report == null || report.verdict() == null) {
        continue;
      }
      s.append("\n## ").append(r.name()).append(" (").append(r.context()).append(")\n\n");
      s.append(report.verdict().explanation()).append("\n\n");
      s.append("| Metric | Stable | Canary | Class | Why |\n|---|---|---|---|---|\n");
      for (MetricJudgment j : report.verdict().metrics()) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s |\n",
                j.metric().name(),
                j.metric().unit().format(j.stableMedian()),
                j.metric().unit().format(j.canaryMedian()),
                j.classification(),
                j.explanation().replace("|", "/")));
      }
    }
    if (!b.watched().isEmpty()) {
      s.append("\n## Watched releases (read-only)\n\n");
      s.append("| Source | Cluster | Release | Phase | Canary | Failed checks | Compares |\n");
      s.append("|---|---|---|---|---|---|---|\n");
      for (dev.fleetscope.services.rollout.WatchedRelease w : b.watched()) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s/%s | %s | %d%% | %s | %s |\n",
                w.source().label(),
                w.context(),
                w.namespace(),
                w.name(),
                w.phase(),
                w.canaryWeight(),
                w.checks(),
                w.detail().replace("|", "/")));
      }
    }
    if (!b.problems().isEmpty()) {
      s.append("\nProblems:\n");
      b.problems().forEach(p -> s.append("- ").append(p).append('\n'));
    }
    return s.toString();
  }
}
