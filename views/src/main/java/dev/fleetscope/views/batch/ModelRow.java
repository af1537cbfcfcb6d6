package dev.fleetscope.views.batch;

import dev.fleetscope.services.batch.Figure;
import dev.fleetscope.services.batch.Saturation;
import dev.fleetscope.views.widgets.Badge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model as served in one cluster: how many replicas, how many saturated, and the batching
 * figures added up (requests, rates) or at their worst (KV cache), with the worst replica's reason.
 */
public record ModelRow(
    String cluster,
    String model,
    String engine,
    int replicas,
    int saturated,
    int warnings,
    int failed,
    double running,
    double waiting,
    double kvMean,
    double kvMax,
    double preemptions,
    double generated,
    String worst) {

  /** Models with saturated replicas first, then warnings, then by cluster and name. */
  static List<ModelRow> of(List<ReplicaRow> rows) {
    Map<List<String>, List<ReplicaRow>> groups = new LinkedHashMap<>();
    for (ReplicaRow r : rows) {
      groups.computeIfAbsent(List.of(r.key().cluster(), r.model()), k -> new ArrayList<>()).add(r);
    }
    List<ModelRow> out = new ArrayList<>();
    groups.forEach((k, rs) -> out.add(of(k.get(0), k.get(1), rs)));
    out.sort(
        Comparator.comparingInt((ModelRow m) -> m.saturated > 0 ? 0 : m.warnings > 0 ? 1 : 2)
            .thenComparing(ModelRow::cluster)
            .thenComparing(ModelRow::model));
    return out;
  }

  private static ModelRow of(String cluster, String model, List<ReplicaRow> rs) {
    int saturated = 0;
    int warnings = 0;
    int failed = 0;
    double kvSum = 0;
    int kvN = 0;
    double kvMax = Double.NaN;
    ReplicaRow worst = null;
    String engine = "";
    for (ReplicaRow r : rs) {
      if (!r.failure().isEmpty() || r.state() == null) {
        failed++;
      } else if (r.state().verdict().level() == Saturation.Level.SATURATED) {
        saturated++;
      } else if (r.state().verdict().level() == Saturation.Level.WARNING) {
        warnings++;
      }
      if (worst == null || r.urgency() < worst.urgency()) {
        worst = r;
      }
      if (engine.isEmpty()) {
        engine = r.engine();
      }
      Double kv = r.figure(Figure.KV_CACHE);
      if (kv != null) {
        kvSum += kv;
        kvN++;
        kvMax = Double.isNaN(kvMax) ? kv : Math.max(kvMax, kv);
      }
    }
    return new ModelRow(
        cluster,
        model.isEmpty() ? "(unnamed)" : model,
        engine,
        rs.size(),
        saturated,
        warnings,
        failed,
        sum(rs, Figure.RUNNING),
        sum(rs, Figure.WAITING),
        kvN == 0 ? Double.NaN : round(kvSum / kvN),
        round(kvMax),
        round(sum(rs, Figure.PREEMPTIONS)),
        round(sum(rs, Figure.GENERATION_RATE)),
        worst == null || worst.urgency() >= 3 ? "" : worst.key().pod() + ": " + worst.reason());
  }

  /** Sum over the replicas that report it; NaN when none does. */
  private static double sum(List<ReplicaRow> rs, Figure f) {
    double s = Double.NaN;
    for (ReplicaRow r : rs) {
      Double v = r.figure(f);
      if (v != null) {
        s = Double.isNaN(s) ? v : s + v;
      }
    }
    return s;
  }

  private static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
  }

  public Badge badge() {
    if (saturated > 0) {
      return new Badge(saturated + " saturated", Badge.Severity.DANGER);
    }
    if (warnings > 0) {
      return new Badge(warnings + " warning" + (warnings == 1 ? "" : "s"), Badge.Severity.WARNING);
    }
    if (failed > 0) {
      return new Badge(failed + " not read", Badge.Severity.WARNING);
    }
    return new Badge("ok", Badge.Severity.OK);
  }

  /** What identifies the row across refreshes. */
  public String key() {
    return cluster + "/" + model;
  }
}
