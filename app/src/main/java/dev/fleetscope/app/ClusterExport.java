package dev.fleetscope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscope.services.cluster.ClusterState;
import dev.fleetscope.services.cluster.FleetRows;
import dev.fleetscope.services.cluster.FleetState;
import dev.fleetscope.services.cluster.NodeRow;
import dev.fleetscope.services.cluster.ResourceKind;
import dev.fleetscope.services.cluster.WatchState;
import dev.fleetscope.services.cluster.WorkloadRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Nodes and Workloads sections as JSON or Markdown, for incident reports ({@code fleetscope
 * export nodes|workloads}). Each row is a column → value map, so both formats hold the same fields;
 * clusters whose data is missing say why.
 */
final class ClusterExport {
  private ClusterExport() {}

  private record Field<T>(String name, Function<T, Object> value) {}

  private static final List<Field<NodeRow>> NODE_FIELDS =
      List.of(
          new Field<>("cluster", NodeRow::cluster),
          new Field<>("node", r -> r.node().name()),
          new Field<>("state", NodeRow::state),
          new Field<>("gpuProduct", r -> r.node().gpuProduct()),
          new Field<>("gpuMemoryMiB", r -> r.node().gpuMemoryMiB()),
          new Field<>("gpuCountLabel", r -> r.node().gpuCountLabel()),
          new Field<>("gpusAllocatable", r -> r.node().allocatableGpus()),
          new Field<>("gpusRequested", NodeRow::gpusRequested),
          new Field<>("gpusFree", NodeRow::gpusFree),
          new Field<>("gpusShared", r -> r.node().sharedGpus()),
          new Field<>("migDevices", r -> r.node().migTotal()),
          new Field<>("pods", NodeRow::pods),
          new Field<>("problems", r -> String.join("; ", r.node().problems())),
          new Field<>("taints", r -> String.join("; ", r.node().taints())),
          new Field<>("kubelet", r -> r.node().kubeletVersion()));

  private static final List<Field<WorkloadRow>> WORKLOAD_FIELDS =
      List.of(
          new Field<>("cluster", WorkloadRow::cluster),
          new Field<>("namespace", w -> w.workload().namespace()),
          new Field<>("kind", w -> w.workload().kind()),
          new Field<>("name", w -> w.workload().name()),
          new Field<>("engine", w -> w.workload().engine().label()),
          new Field<>("model", w -> w.workload().servedModel()),
          new Field<>("readyReplicas", w -> w.workload().readyReplicas()),
          new Field<>("desiredReplicas", w -> w.workload().desiredReplicas()),
          new Field<>("health", WorkloadRow::health),
          new Field<>("phase", w -> w.workload().phase()),
          new Field<>("gpusPerReplica", w -> w.workload().gpusPerReplica()),
          new Field<>("pods", WorkloadRow::pods),
          new Field<>("restarts", WorkloadRow::restarts),
          new Field<>("oomKilled", WorkloadRow::oomKilled));

  static String nodesJson(FleetState s) {
    return json("nodes", s, rows(s, FleetRows::nodes), NODE_FIELDS, ResourceKind.NODES);
  }

  static String nodesMarkdown(FleetState s) {
    return markdown("Nodes", s, rows(s, FleetRows::nodes), NODE_FIELDS, ResourceKind.NODES);
  }

  static String workloadsJson(FleetState s) {
    return json(
        "workloads",
        s,
        rows(s, c -> FleetRows.workloads(c, false)),
        WORKLOAD_FIELDS,
        WORKLOAD_KINDS);
  }

  static String workloadsMarkdown(FleetState s) {
    return markdown(
        "Workloads",
        s,
        rows(s, c -> FleetRows.workloads(c, false)),
        WORKLOAD_FIELDS,
        WORKLOAD_KINDS);
  }

  private static final ResourceKind[] WORKLOAD_KINDS = {
    ResourceKind.DEPLOYMENTS,
    ResourceKind.STATEFULSETS,
    ResourceKind.ROLLOUTS,
    ResourceKind.LEADERWORKERSETS
  };

  private static <T> List<T> rows(FleetState s, Function<ClusterState, List<T>> derive) {
    List<T> out = new ArrayList<>();
    s.clusters().forEach(c -> out.addAll(derive.apply(c)));
    return out;
  }

  /** Per cluster: why some of its rows may be missing (unreachable, no access, not installed). */
  private static Map<String, List<String>> notes(FleetState s, ResourceKind... kinds) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ClusterState c : s.clusters()) {
      List<String> notes = new ArrayList<>();
      if (!c.status().state().hasData()) {
        notes.add(c.status().state() + ": " + c.status().cause());
      }
      for (ResourceKind k : kinds) {
        WatchState w = c.watches().get(k);
        if (w != null && !w.detail().isEmpty()) {
          notes.add(w.detail());
        }
      }
      out.put(c.context(), notes);
    }
    return out;
  }

  private static <T> String json(
      String section, FleetState s, List<T> rows, List<Field<T>> fields, ResourceKind... kinds) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("section", section);
    root.put("origin", s.origin().name());
    root.put("asOf", s.asOf().toString());
    ObjectNode clusters = root.putObject("clusters");
    notes(s, kinds)
        .forEach(
            (context, notes) -> {
              ObjectNode c = clusters.putObject(context);
              ArrayNode n = c.putArray("notes");
              notes.forEach(n::add);
            });
    ArrayNode out = root.putArray("rows");
    for (T row : rows) {
      ObjectNode o = out.addObject();
      for (Field<T> f : fields) {
        o.putPOJO(f.name(), f.value().apply(row));
      }
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> String markdown(
      String title, FleetState s, List<T> rows, List<Field<T>> fields, ResourceKind... kinds) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\nSource: ").append(s.origin().label());
    md.append(", as of ").append(s.asOf()).append(" · ").append(rows.size()).append(" rows\n\n");
    notes(s, kinds)
        .forEach(
            (context, notes) ->
                notes.forEach(
                    n ->
                        md.append("- **")
                            .append(context)
                            .append("**: ")
                            .append(cell(n))
                            .append('\n')));
    md.append("\n|");
    fields.forEach(f -> md.append(' ').append(f.name()).append(" |"));
    md.append("\n|");
    fields.forEach(f -> md.append("---|"));
    md.append('\n');
    for (T row : rows) {
      md.append('|');
      for (Field<T> f : fields) {
        md.append(' ').append(cell(String.valueOf(f.value().apply(row)))).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
