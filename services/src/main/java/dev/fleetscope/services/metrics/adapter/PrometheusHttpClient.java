package dev.fleetscope.services.metrics.adapter;

import dev.fleetscope.services.metrics.PromBuildInfo;
import dev.fleetscope.services.metrics.PromMetadata;
import dev.fleetscope.services.metrics.PromResult;
import dev.fleetscope.services.metrics.PromSample;
import dev.fleetscope.services.metrics.PromSeries;
import dev.fleetscope.services.metrics.PrometheusApi;
import dev.fleetscope.services.metrics.PrometheusException;
import dev.fleetscope.services.metrics.PrometheusException.Kind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus HTTP API on {@code java.net.http}. Queries go as form-encoded POSTs (long PromQL
 * does not fit in a URL), answers are asked for gzipped and decoded as they stream in. Every
 * request here is a read, so transient failures (connection refused, 5xx) are retried with
 * exponential backoff and jitter, up to the endpoint's attempt budget.
 */
public final class PrometheusHttpClient implements PrometheusApi {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusHttpClient.class);
  static final long FIRST_BACKOFF_MILLIS = 100;

  private final PromTransport transport;
  private final int maxAttempts;

  public PrometheusHttpClient(PrometheusEndpoint endpoint) {
    this(new Direct(endpoint), endpoint.maxAttempts());
  }

  PrometheusHttpClient(PromTransport transport, int maxAttempts) {
    this.transport = transport;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Prometheus behind a Kubernetes service, reached through the API server's service proxy with the
   * kubeconfig's own credentials and TLS settings (nothing is copied out of the client's
   * configuration). The API server must allow {@code get services/proxy} in the service's
   * namespace.
   *
   * @param context the kubeconfig context, for messages
   */
  public static PrometheusHttpClient throughServiceProxy(
      io.fabric8.kubernetes.client.KubernetesClient client,
      PrometheusService service,
      String context,
      Duration timeout,
      int maxAttempts) {
    return new PrometheusHttpClient(
        new ServiceProxyTransport(client, service, context, timeout), maxAttempts);
  }

  @Override
  public String describe() {
    return transport.describe();
  }

  /** Closes what the transport holds (the service proxy's own Kubernetes client). */
  public void close() {
    transport.close();
  }

  @Override
  public PromResult<List<PromSample>> instant(String promql, Instant at) {
    return post(
        "/api/v1/query", form("query", promql, "time", seconds(at)), PromResponseDecoder::vector);
  }

  @Override
  public PromResult<List<PromSeries>> range(
      String promql, Instant start, Instant end, Duration step) {
    String stepSeconds = decimalSeconds(step.toMillis());
    return post(
        "/api/v1/query_range",
        form("query", promql, "start", seconds(start), "end", seconds(end), "step", stepSeconds),
        PromResponseDecoder::matrix);
  }

  @Override
  public PromResult<List<Map<String, String>>> series(
      List<String> match, Instant start, Instant end) {
    List<String> params = new ArrayList<>();
    for (String m : match) {
      params.add("match[]");
      params.add(m);
    }
    params.addAll(List.of("start", seconds(start), "end", seconds(end)));
    return post(
        "/api/v1/series", form(params.toArray(String[]::new)), PromResponseDecoder::labelSets);
  }

  @Override
  public PromResult<List<String>> labelValues(String label, List<String> match) {
    StringBuilder q = new StringBuilder();
    for (String m : match) {
      q.append(q.length() == 0 ? "?" : "&").append("match[]=").append(enc(m));
    }
    return get("/api/v1/label/" + enc(label) + "/values" + q, PromResponseDecoder::stringList);
  }

  @Override
  public PromResult<Map<String, List<PromMetadata>>> metadata(String metric) {
    String q = metric.isEmpty() ? "" : "?metric=" + enc(metric);
    return get("/api/v1/metadata" + q, PromResponseDecoder::metadata);
  }

  @Override
  public PromBuildInfo buildInfo() {
    return get("/api/v1/status/buildinfo", PromResponseDecoder::buildInfo).data();
  }

  /**
   * Decodes a saved {@code /api/v1/query_range} answer the way live answers are decoded (used by
   * the decode benchmark and for recorded answers).
   */
  public static PromResult<List<PromSeries>> decodeRangeBody(InputStream body) {
    return PromResponseDecoder.decode(body, 200, PromResponseDecoder::matrix);
  }

  private <T> PromResult<T> get(String path, PromResponseDecoder.DataReader<T> reader) {
    return send(path, null, reader);
  }

  private <T> PromResult<T> post(
      String path, String body, PromResponseDecoder.DataReader<T> reader) {
    return send(path, body, reader);
  }

  private <T> PromResult<T> send(
      String path, String form, PromResponseDecoder.DataReader<T> reader) {
    PrometheusException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return once(path, form, reader);
      } catch (PrometheusException e) {
        last = e;
        if (!e.transientFailure() || attempt == maxAttempts) {
          break;
        }
        long backoff = FIRST_BACKOFF_MILLIS << (attempt - 1);
        backoff += ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        LOG.debug("{} {}: {}; retrying in {} ms", describe(), path, e.getMessage(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  private <T> PromResult<T> once(
      String path, String form, PromResponseDecoder.DataReader<T> reader) {
    PromTransport.Reply reply = transport.send(path, form);
    int status = reply.status();
    try (InputStream raw = reply.body()) {
      InputStream body = raw;
      if (reply.contentEncoding().equalsIgnoreCase("gzip")) {
        body = new GZIPInputStream(raw, 64 * 1024);
      }
      body = new BufferedInputStream(body, 64 * 1024);
      if (status >= 400 && !reply.contentType().contains("json")) {
        throw httpFailure(status, body);
      }
      return PromResponseDecoder.decode(body, status, reader);
    } catch (IOException e) {
      throw new PrometheusException(
          Kind.UNAVAILABLE,
          "",
          status,
          "reading the answer from " + describe() + " failed: " + e,
          e);
    }
  }

  /** Prometheus reached directly by URL, on {@code java.net.http}. */
  private static final class Direct implements PromTransport {
    private final PrometheusEndpoint endpoint;
    private final HttpClient http;
    private final String base;

    Direct(PrometheusEndpoint endpoint) {
      this.endpoint = endpoint;
      HttpClient.Builder b =
          HttpClient.newBuilder()
              .connectTimeout(endpoint.timeout())
              .followRedirects(HttpClient.Redirect.NORMAL);
      if ("https".equals(endpoint.baseUrl().getScheme())) {
        b.sslContext(TlsContexts.build(endpoint.tls()));
      }
      this.http = b.build();
      String s = endpoint.baseUrl().toString();
      this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String describe() {
      String insecure = endpoint.tls().insecureSkipVerify() ? " (TLS NOT VERIFIED)" : "";
      return endpoint.shownUrl() + insecure;
    }

    @Override
    public Reply send(String path, String form) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(endpoint.timeout())
              .header("Accept", "application/json")
              .header("Accept-Encoding", "gzip")
              .header("User-Agent", "fleetscope");
      String authorization = authorization();
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      if (form == null) {
        b.GET();
      } else {
        b.header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpConnectTimeoutException e) {
        throw new PrometheusException(
            Kind.TIMEOUT,
            "",
            0,
            "no connection to " + describe() + " within " + seconds(endpoint.timeout()),
            e);
      } catch (HttpTimeoutException e) {
        throw new PrometheusException(
            Kind.TIMEOUT,
            "",
            0,
            describe() + " did not answer within " + seconds(endpoint.timeout()),
            e);
      } catch (ConnectException e) {
        throw new PrometheusException(
            Kind.UNAVAILABLE, "", 0, "cannot connect to " + describe() + ": connection refused", e);
      } catch (SSLException e) {
        throw new PrometheusException(
            Kind.UNAVAILABLE, "", 0, "TLS with " + describe() + " failed: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new PrometheusException(
            Kind.UNAVAILABLE, "", 0, "cannot reach " + describe() + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PrometheusException(Kind.TIMEOUT, "", 0, "interrupted", e);
      }
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Content-Encoding").orElse(""),
          response.body());
    }

    private String authorization() {
      if (endpoint.auth() instanceof PrometheusEndpoint.Auth.Bearer bearer) {
        String token;
        if (bearer.tokenFile().isPresent()) {
          try {
            token = Files.readString(bearer.tokenFile().get()).trim();
          } catch (IOException e) {
            throw new PrometheusException(
                Kind.UNAUTHORIZED,
                "cannot read the bearer token file "
                    + bearer.tokenFile().get()
                    + ": "
                    + e.getMessage());
          }
        } else {
          token = bearer.token().orElse("");
        }
        return "Bearer " + token;
      }
      if (endpoint.auth() instanceof PrometheusEndpoint.Auth.Basic basic) {
        String pair = basic.user() + ":" + basic.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      }
      return null;
    }
  }

  private PrometheusException httpFailure(int status, InputStream body) throws IOException {
    byte[] head = body.readNBytes(300);
    String text = new String(head, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    Kind kind =
        status == 401 || status == 403
            ? Kind.UNAUTHORIZED
            : status == 502 || status == 503 || status == 504 || status >= 500
                ? Kind.UNAVAILABLE
                : Kind.BAD_REQUEST;
    String what = status == 401 ? "credentials refused" : status == 403 ? "access denied" : "error";
    return new PrometheusException(
        kind,
        "",
        status,
        describe()
            + " answered HTTP "
            + status
            + " ("
            + what
            + ")"
            + (text.isEmpty() ? "" : ": " + text),
        null);
  }

  /** Epoch seconds with millisecond decimals, written out plainly (never as 1.7E9). */
  static String seconds(Instant at) {
    return decimalSeconds(at.toEpochMilli());
  }

  static String decimalSeconds(long millis) {
    String sign = millis < 0 ? "-" : "";
    long abs = Math.abs(millis);
    long frac = abs % 1000;
    return sign + abs / 1000 + (frac == 0 ? "" : String.format(".%03d", frac));
  }

  static String seconds(Duration d) {
    return d.toMillis() / 1000.0 + " s";
  }

  private static String form(String... pairs) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
    }
    return out.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
