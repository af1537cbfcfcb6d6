package dev.fleetscope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscope.services.slo.PromDurations;
import dev.fleetscope.services.slo.RuleState;
import dev.fleetscope.services.slo.SloBoard;
import dev.fleetscope.services.slo.SloResult;
import dev.fleetscope.services.slo.SloSnapshot;
import dev.fleetscope.services.slo.SloStatus;
import dev.fleetscope.views.slo.SloFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every SLO as JSON or Markdown, for {@code fleetscope export slo}: the same judgement the SLO
 * section shows, least budget first, with each source's freshness and problems.
 */
final class SloExport {
  private SloExport() {}

  private record Row(SloResult result, SloBoard board) {}

  private static List<Row> rows(List<SloBoard> boards) {
    List<Row> rows = new ArrayList<>();
    for (SloBoard b : boards) {
      for (SloResult r : b.results()) {
        rows.add(new Row(r, b));
      }
    }
    rows.sort((a, b) -> SloSnapshot.BY_BUDGET_REMAINING.compare(a.result(), b.result()));
    return rows;
  }

  static String json(List<SloBoard> boards, Instant at, boolean fixed) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("section", "slo");
    root.put("evaluatedAt", at.toString());
    root.put("fixedTime", fixed);
    ArrayNode sources = root.putArray("sources");
    for (SloBoard b : boards) {
      ObjectNode n = sources.addObject();
      n.put("source", b.source());
      n.put("origin", b.origin().name());
      n.put("judgedAt", b.snapshot().map(s -> s.at().toString()).orElse(null));
      n.put("stale", b.stale());
      n.put("staleSince", b.staleSince().map(Instant::toString).orElse(null));
      n.put("staleCause", b.staleCause());
      ArrayNode problems = n.putArray("problems");
      b.problems().forEach(problems::add);
      b.snapshot().map(SloSnapshot::warnings).orElse(List.of()).forEach(problems::add);
    }
    ArrayNode slos = root.putArray("slos");
    for (Row row : rows(boards)) {
      SloResult r = row.result();
      SloStatus s = r.status();
      ObjectNode n = slos.addObject();
      n.put("name", r.spec().name());
      ObjectNode group = n.putObject("group");
      r.group().forEach(group::put);
      n.put("cluster", r.spec().cluster());
      n.put("namespace", r.spec().namespace());
      n.put("format", r.spec().source());
      n.put("origin", r.spec().origin());
      n.put("objective", r.spec().objective());
      n.put("window", PromDurations.format(r.spec().window()));
      n.put("state", s.state().name());
      number(n, "sliOverWindow", s.sliOverWindow());
      number(n, "sliNow", s.sliNow());
      number(n, "budgetRemaining", s.budgetRemaining());
      n.put("timeToExhaustionSeconds", s.timeToExhaustion().map(Duration::toSeconds).orElse(null));
      ObjectNode burns = n.putObject("burnRates");
      for (Map.Entry<Duration, Double> e : s.burnRates().entrySet()) {
        number(burns, PromDurations.format(e.getKey()), e.getValue());
      }
      ArrayNode rules = n.putArray("rules");
      for (RuleState rule : s.rules()) {
        ObjectNode rn = rules.addObject();
        rn.put("severity", rule.rule().severity().name());
        rn.put("factor", rule.rule().factor());
        rn.put("longWindow", PromDurations.format(rule.rule().longWindow()));
        rn.put("shortWindow", PromDurations.format(rule.rule().shortWindow()));
        number(rn, "longBurn", rule.longBurn());
        number(rn, "shortBurn", rule.shortBurn());
        rn.put("firing", rule.firing());
        rn.put("lowTraffic", rule.lowTraffic());
      }
      n.put("source", row.board().source());
      n.put("stale", row.board().stale());
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String markdown(List<SloBoard> boards, Instant at, boolean fixed) {
    StringBuilder md = new StringBuilder("# SLOs\n\n");
    md.append("Judged at ").append(at).append(fixed ? " (fixed with --at)" : "").append(".\n\n");
    for (SloBoard b : boards) {
      md.append("- ").append(b.source());
      if (b.stale()) {
        md.append(": **stale since ")
            .append(b.staleSince().orElseThrow())
            .append("**: ")
            .append(b.staleCause());
      }
      md.append('\n');
    }
    md.append(
        "\n| State | SLO | Cluster | Objective | Window | SLI now | Budget left | Burn 1h | Burn 6h | Exhausted |\n");
    md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row row : rows(boards)) {
      SloResult r = row.result();
      SloStatus s = r.status();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              s.state().label(),
              row.board().stale() ? " (stale)" : "",
              r.title().replace("|", "\\|"),
              r.spec().cluster().isEmpty() ? "(file)" : r.spec().cluster(),
              SloFormat.percent(r.spec().objective()),
              SloFormat.duration(r.spec().window()),
              SloFormat.percent(s.sliNow()),
              SloFormat.percent(s.budgetRemaining()),
              SloFormat.burn(s.burnRate(Duration.ofHours(1))),
              SloFormat.burn(s.burnRate(Duration.ofHours(6))),
              SloFormat.exhaustion(s.timeToExhaustion())));
    }
    List<String> problems = new ArrayList<>();
    for (SloBoard b : boards) {
      problems.addAll(b.problems());
      b.snapshot().ifPresent(sn -> problems.addAll(sn.warnings()));
    }
    if (!problems.isEmpty()) {
      md.append("\n## Problems\n\n");
      problems.forEach(p -> md.append("- ").append(p).append('\n'));
    }
    return md.toString();
  }

  private static void number(ObjectNode n, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}
