package dev.fleetscope.services.metrics.adapter;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus behind a Kubernetes service, as the API server's service proxy names it: {@code
 * /api/v1/namespaces/NS/services/[https:]NAME:PORT/proxy/}.
 *
 * @param port the service port's number or name
 * @param https whether Prometheus itself serves TLS behind the service
 * @param install which common install this is, in words ("kube-prometheus"), or empty
 */
public record PrometheusService(
    String namespace, String name, String port, boolean https, String install) {

  private static final Pattern SPEC =
      Pattern.compile(
          "(https:)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)/([a-z0-9]([-a-z0-9]*[a-z0-9])?):([-a-z0-9]+)");

  /**
   * Reads {@code NAMESPACE/NAME:PORT}, optionally prefixed with {@code https:} when Prometheus
   * serves TLS behind the service.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static PrometheusService parse(String spec) {
    Matcher m = SPEC.matcher(spec.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected NAMESPACE/SERVICE:PORT (e.g. monitoring/prometheus-k8s:9090), got '"
              + spec
              + "'");
    }
    return new PrometheusService(m.group(2), m.group(4), m.group(6), m.group(1) != null, "");
  }

  /** The proxy path, without a trailing slash. */
  public String proxyPath() {
    return "/api/v1/namespaces/"
        + namespace
        + "/services/"
        + (https ? "https:" : "")
        + name
        + ":"
        + port
        + "/proxy";
  }

  /** {@code monitoring/prometheus-k8s:9090}. */
  public String shown() {
    return namespace + "/" + name + ":" + port;
  }
}
