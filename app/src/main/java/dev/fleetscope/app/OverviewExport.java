package dev.fleetscope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscope.services.cluster.ClusterOverview;
import dev.fleetscope.services.cluster.FleetOverview;
import dev.fleetscope.services.cluster.GpuProductCapacity;
import dev.fleetscope.services.cluster.WorkloadRow;
import java.util.Locale;

/** The Fleet overview as JSON or Markdown, for {@code fleetscope export overview}. */
final class OverviewExport {
  private OverviewExport() {}

  static String json(FleetOverview o) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("section", "overview");
    root.put("origin", o.origin().name());
    root.put("source", o.origin().label());
    root.put("asOf", o.asOf().toString());
    ObjectNode totals = root.putObject("totals");
    totals.put("clusters", o.clusters().size());
    totals.put("clustersWithData", o.clustersWithData());
    totals.put("nodes", o.nodes());
    totals.put("nodesReady", o.nodesReady());
    totals.put("gpuCapacity", o.gpuCapacity());
    totals.put("gpuAllocated", o.gpuAllocated());
    totals.put("gpuFree", o.gpuFree());
    ArrayNode clusters = root.putArray("clusters");
    for (ClusterOverview c : o.clusters()) {
      ObjectNode n = clusters.addObject();
      n.put("context", c.context());
      n.put("server", c.status().server());
      n.put("state", c.status().state().name());
      n.put("cause", c.status().cause());
      n.put("apiLatencyMillis", c.status().apiLatencyMillis());
      n.put(
          "lastContact",
          c.status().lastContact() == null ? null : c.status().lastContact().toString());
      n.put("tlsVerified", c.status().tlsVerified());
      n.put("nodes", c.nodes());
      n.put("nodesReady", c.nodesReady());
      n.put("gpuCapacity", c.gpuCapacity());
      n.put("gpuAllocated", c.gpuAllocated());
      n.put("gpuFree", c.gpuFree());
      n.put("podsPendingForGpus", c.podsPendingForGpus());
      ArrayNode products = n.putArray("gpusByProduct");
      for (GpuProductCapacity p : c.gpusByProduct()) {
        ObjectNode pn = products.addObject();
        pn.put("product", p.product());
        pn.put("memoryMiB", p.memoryMiB());
        pn.put("nodes", p.nodes());
        pn.put("capacity", p.capacity());
        pn.put("allocated", p.allocated());
        pn.put("free", p.free());
      }
      ArrayNode workloads = n.putArray("workloads");
      for (WorkloadRow w : c.workloads()) {
        ObjectNode wn = workloads.addObject();
        wn.put("kind", w.workload().kind());
        wn.put("namespace", w.workload().namespace());
        wn.put("name", w.workload().name());
        wn.put("engine", w.workload().engine().label());
        wn.put("model", w.workload().servedModel());
        wn.put("gpusPerReplica", w.workload().gpusPerReplica());
        wn.put("desiredReplicas", w.workload().desiredReplicas());
        wn.put("readyReplicas", w.workload().readyReplicas());
        wn.put("health", w.health());
        wn.put("restarts", w.restarts());
      }
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String markdown(FleetOverview o) {
    StringBuilder md = new StringBuilder();
    md.append("# Fleet overview\n\n");
    md.append("Source: ")
        .append(o.origin().label())
        .append(", as of ")
        .append(o.asOf())
        .append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Clusters %d (%d with data) · nodes ready %d/%d · GPUs allocated %d/%d, free %d%n%n",
            o.clusters().size(),
            o.clustersWithData(),
            o.nodesReady(),
            o.nodes(),
            o.gpuAllocated(),
            o.gpuCapacity(),
            o.gpuFree()));
    md.append("## Clusters\n\n");
    md.append(
        "| Context | State | API latency | Nodes ready | GPUs allocated | GPUs free |"
            + " GPU pods pending | Details |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (ClusterOverview c : o.clusters()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d/%d | %d/%d | %d | %d | %s |%n",
              cell(c.context()),
              c.status().state(),
              c.status().apiLatencyMillis() < 0 ? "—" : c.status().apiLatencyMillis() + " ms",
              c.nodesReady(),
              c.nodes(),
              c.gpuAllocated(),
              c.gpuCapacity(),
              c.gpuFree(),
              c.podsPendingForGpus(),
              cell(c.status().cause().isEmpty() ? c.status().server() : c.status().cause())));
    }
    md.append(
        "\n## GPUs by product\n\n| Cluster | Product | Memory (MiB) | Nodes | Capacity |"
            + " Allocated | Free |\n|---|---|---:|---:|---:|---:|---:|\n");
    for (ClusterOverview c : o.clusters()) {
      for (GpuProductCapacity p : c.gpusByProduct()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %d | %d | %d | %d |%n",
                cell(c.context()),
                cell(p.product()),
                p.memoryMiB(),
                p.nodes(),
                p.capacity(),
                p.allocated(),
                p.free()));
      }
    }
    md.append(
        "\n## Inference workloads\n\n| Cluster | Namespace | Name | Kind | Engine | Model |"
            + " GPUs/replica | Ready | Health | Restarts |\n"
            + "|---|---|---|---|---|---|---:|---:|---|---:|\n");
    for (WorkloadRow w : o.workloads()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %d | %d/%d | %s | %d |%n",
              cell(w.cluster()),
              cell(w.workload().namespace()),
              cell(w.workload().name()),
              w.workload().kind(),
              w.workload().engine().label(),
              cell(w.workload().servedModel()),
              w.workload().gpusPerReplica(),
              w.workload().readyReplicas(),
              w.workload().desiredReplicas(),
              w.health(),
              w.restarts()));
    }
    return md.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
