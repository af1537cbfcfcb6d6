package dev.fleetscope.services.cluster.adapter;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns a failed call to an API server into one sentence a person can act on. The context name is
 * prefixed by the caller; messages never include request headers or tokens.
 */
public final class ConnectionErrors {

  private ConnectionErrors() {}

  public static String describe(String server, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException kce && kce.getCode() > 0) {
        return switch (kce.getCode()) {
          case 401 ->
              "the API server rejected the credentials (HTTP 401): the token or client"
                  + " certificate is expired or invalid";
          case 403 -> "access denied (HTTP 403): " + shortMessage(kce);
          case 404 -> "the API server answered 404: " + server + " is not a Kubernetes API";
          default -> "the API server answered HTTP " + kce.getCode() + ": " + shortMessage(kce);
        };
      }
      if (t instanceof UnknownHostException) {
        return "unknown host in " + server + " (DNS lookup failed)";
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "cannot connect to " + server + " (" + rootMessage(t) + ")";
      }
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return "no answer from " + server + " within the connect timeout";
      }
      if (t instanceof SSLException || t instanceof CertificateException) {
        return "TLS verification of " + server + " failed (" + rootMessage(t) + ")";
      }
    }
    String root = rootMessage(error);
    if (root.toLowerCase(java.util.Locale.ROOT).contains("timed out")
        || root.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
      return "no answer from " + server + " within the connect timeout";
    }
    if (root.toLowerCase(java.util.Locale.ROOT).contains("connection refused")) {
      return "cannot connect to " + server + " (connection refused)";
    }
    return "request to " + server + " failed: " + root;
  }

  /** The HTTP status an API server answered somewhere in the cause chain, or -1. */
  public static int httpCode(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException kce && kce.getCode() > 0) {
        return kce.getCode();
      }
    }
    return -1;
  }

  /** The innermost non-empty message of a cause chain. */
  public static String rootMessage(Throwable error) {
    String message = error.getClass().getSimpleName();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }

  private static String shortMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return rootMessage(e);
  }
}
