package dev.fleetscope.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig with one context, {@code c1}, on a test API server (a bearer token, no TLS). */
final class OneContextKubeconfig {
  private OneContextKubeconfig() {}

  static Path write(Path file, String server) throws IOException {
    return Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c1
          cluster: {server: "%s"}
        users:
        - name: u
          user: {token: t}
        contexts:
        - name: c1
          context: {cluster: c1, user: u}
        current-context: c1
        """
            .formatted(server));
  }
}
