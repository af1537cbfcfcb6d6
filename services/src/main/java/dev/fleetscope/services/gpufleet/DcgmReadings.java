package dev.fleetscope.services.gpufleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns DCGM exporter samples (metric name, labels, value), from Prometheus or from a scrape, into
 * one {@link GpuReading} per GPU, keyed by UUID (or host and GPU index when an exporter has no
 * UUID). Accepts the label spellings of older and newer exporters.
 */
public final class DcgmReadings {
  /** The DCGM fields read, in MiB, %, C, W or plain numbers as the exporter exports them. */
  public static final List<String> METRICS =
      List.of(
          "DCGM_FI_DEV_FB_USED",
          "DCGM_FI_DEV_FB_FREE",
          "DCGM_FI_DEV_FB_RESERVED",
          "DCGM_FI_DEV_GPU_UTIL",
          "DCGM_FI_PROF_GR_ENGINE_ACTIVE",
          "DCGM_FI_DEV_MEM_COPY_UTIL",
          "DCGM_FI_DEV_GPU_TEMP",
          "DCGM_FI_DEV_POWER_USAGE",
          "DCGM_FI_DEV_XID_ERRORS");

  private final Map<String, double[]> values = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> labels = new LinkedHashMap<>();

  /** Adds one sample; samples of other metrics are ignored. */
  public void add(String metric, Map<String, String> sampleLabels, double value) {
    int field = METRICS.indexOf(metric);
    if (field < 0) {
      return;
    }
    String key = key(sampleLabels);
    double[] v = values.computeIfAbsent(key, k -> nans());
    v[field] = value;
    // The pod labels are only on some series of a GPU: keep the richest label set.
    labels.merge(key, sampleLabels, (a, b) -> first(a, "pod", "pod_name").isEmpty() ? b : a);
  }

  public List<GpuReading> readings() {
    List<GpuReading> out = new ArrayList<>(values.size());
    values.forEach(
        (key, v) -> {
          Map<String, String> l = labels.get(key);
          out.add(
              new GpuReading(
                  l.getOrDefault("cluster", ""),
                  first(l, "Hostname", "hostname"),
                  l.getOrDefault("gpu", ""),
                  l.getOrDefault("UUID", ""),
                  l.getOrDefault("modelName", ""),
                  v[0],
                  v[1],
                  v[2],
                  v[3],
                  v[4],
                  v[5],
                  v[6],
                  v[7],
                  v[8],
                  first(l, "namespace", "pod_namespace"),
                  first(l, "pod", "pod_name"),
                  first(l, "container", "container_name")));
        });
    return out;
  }

  private static String key(Map<String, String> l) {
    String uuid = l.get("UUID");
    String cluster = l.getOrDefault("cluster", "");
    if (uuid != null && !uuid.isEmpty()) {
      return cluster + "/" + uuid;
    }
    return cluster + "/" + first(l, "Hostname", "hostname") + "/" + l.getOrDefault("gpu", "");
  }

  private static String first(Map<String, String> l, String a, String b) {
    String v = l.get(a);
    if (v == null || v.isEmpty()) {
      v = l.get(b);
    }
    return v == null ? "" : v;
  }

  private static double[] nans() {
    double[] v = new double[METRICS.size()];
    java.util.Arrays.fill(v, Double.NaN);
    return v;
  }
}
