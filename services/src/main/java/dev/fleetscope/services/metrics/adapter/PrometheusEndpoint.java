package dev.fleetscope.services.metrics.adapter;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one Prometheus: its base URL (everything before {@code /api/v1}), credentials, TLS
 * material, timeout and retry budget. Credentials are held here only; {@link #toString()} and
 * {@link #shownUrl()} never include them.
 */
public record PrometheusEndpoint(
    URI baseUrl, Auth auth, Tls tls, Duration timeout, int maxAttempts) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public PrometheusEndpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "Prometheus URL must start with http:// or https://: " + baseUrl);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** Plain URL, no credentials, verified TLS, 10 s timeout, 3 attempts for idempotent reads. */
  public static PrometheusEndpoint of(URI baseUrl) {
    return new PrometheusEndpoint(baseUrl, Auth.NONE, Tls.DEFAULT, DEFAULT_TIMEOUT, 3);
  }

  /**
   * Like {@link #of}, but user info in the URL ({@code http://user:pass@host}) becomes basic auth
   * and leaves the URL, so it is sent as a header and never shown.
   */
  public static PrometheusEndpoint fromUrl(URI url) {
    String info = url.getUserInfo();
    if (info == null) {
      return of(url);
    }
    URI bare = URI.create(url.toString().replace(url.getRawUserInfo() + "@", ""));
    int colon = info.indexOf(':');
    Auth basic =
        colon < 0
            ? new Auth.Basic(info, "")
            : new Auth.Basic(info.substring(0, colon), info.substring(colon + 1));
    return of(bare).withAuth(basic);
  }

  public PrometheusEndpoint withAuth(Auth a) {
    return new PrometheusEndpoint(baseUrl, a, tls, timeout, maxAttempts);
  }

  public PrometheusEndpoint withTls(Tls t) {
    return new PrometheusEndpoint(baseUrl, auth, t, timeout, maxAttempts);
  }

  public PrometheusEndpoint withTimeout(Duration t) {
    return new PrometheusEndpoint(baseUrl, auth, tls, t, maxAttempts);
  }

  public PrometheusEndpoint withMaxAttempts(int n) {
    return new PrometheusEndpoint(baseUrl, auth, tls, timeout, n);
  }

  /** The URL without user info, for display. */
  public String shownUrl() {
    URI u = baseUrl;
    String port = u.getPort() < 0 ? "" : ":" + u.getPort();
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    return u.getScheme() + "://" + u.getHost() + port + path;
  }

  @Override
  public String toString() {
    return "PrometheusEndpoint[" + shownUrl() + ", auth=" + auth.kind() + "]";
  }

  /** Credentials sent with every request. */
  public sealed interface Auth {
    Auth NONE = new None();

    String kind();

    /** No credentials. */
    record None() implements Auth {
      @Override
      public String kind() {
        return "none";
      }
    }

    /**
     * A bearer token, read from a file on every request (projected service-account tokens rotate)
     * or fixed (for example from an environment variable).
     */
    record Bearer(Optional<Path> tokenFile, Optional<String> token) implements Auth {
      public static Bearer fromFile(Path file) {
        return new Bearer(Optional.of(file), Optional.empty());
      }

      public static Bearer of(String token) {
        return new Bearer(Optional.empty(), Optional.of(token));
      }

      @Override
      public String kind() {
        return tokenFile.map(f -> "bearer token from " + f).orElse("bearer token");
      }

      @Override
      public String toString() {
        return "Bearer[" + kind() + "]";
      }
    }

    /** HTTP basic authentication. */
    record Basic(String user, String password) implements Auth {
      @Override
      public String kind() {
        return "basic auth as " + user;
      }

      @Override
      public String toString() {
        return "Basic[" + user + "]";
      }
    }
  }

  /**
   * TLS settings: an extra CA bundle (PEM) to trust, an optional client certificate and PKCS#8 key
   * (PEM), and the explicit opt-out of verification.
   */
  public record Tls(
      Optional<Path> caFile,
      Optional<Path> clientCertFile,
      Optional<Path> clientKeyFile,
      boolean insecureSkipVerify) {
    public static final Tls DEFAULT =
        new Tls(Optional.empty(), Optional.empty(), Optional.empty(), false);

    public static Tls trusting(Path caFile) {
      return new Tls(Optional.of(caFile), Optional.empty(), Optional.empty(), false);
    }

    public Tls withClientCertificate(Path cert, Path key) {
      return new Tls(caFile, Optional.of(cert), Optional.of(key), insecureSkipVerify);
    }

    public static Tls insecure() {
      return new Tls(Optional.empty(), Optional.empty(), Optional.empty(), true);
    }
  }
}
