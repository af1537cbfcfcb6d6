package dev.fleetscope.services.cluster.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscope.services.cluster.KubeconfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigCatalogTest {
  @TempDir Path dir;

  static String kubeconfig(String context, String cluster, String server, String current) {
    return """
        apiVersion: v1
        kind: Config
        current-context: %s
        clusters:
        - name: %s
          cluster:
            server: %s
        contexts:
        - name: %s
          context:
            cluster: %s
            user: %s-user
        users:
        - name: %s-user
          user:
            token: secret-token-%s
        """
        .formatted(current, cluster, server, context, cluster, context, context, context);
  }

  @Test
  void mergesFilesAsKubectlDoesFirstDefinitionWins() throws Exception {
    Path a = write("a", kubeconfig("prod", "prod-cluster", "https://a.example:6443", "prod"));
    Path b = write("b", kubeconfig("prod", "prod-cluster", "https://b.example:6443", "other") + "");
    Path c = write("c", kubeconfig("staging", "staging-cluster", "https://s.example:6443", "x"));

    KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(a, b, c));

    assertThat(catalog.contexts()).extracting(k -> k.name()).containsExactly("prod", "staging");
    assertThat(catalog.contexts().get(0).server()).isEqualTo("https://a.example:6443");
    assertThat(catalog.currentContext()).contains("prod");
    assertThat(catalog.clientConfig("staging").getMasterUrl()).startsWith("https://s.example:6443");
  }

  @Test
  void kubeconfigListComesFromTheEnvironmentWhenNoFlagIsGiven() {
    Path home = Path.of("/home/sre");
    assertThat(KubeconfigCatalog.defaultFiles(Optional.empty(), Map.of(), home))
        .containsExactly(home.resolve(".kube/config"));
    assertThat(
            KubeconfigCatalog.defaultFiles(
                Optional.empty(), Map.of("KUBECONFIG", "/x/a:/x/b"), home))
        .containsExactly(Path.of("/x/a"), Path.of("/x/b"));
    assertThat(
            KubeconfigCatalog.defaultFiles(
                Optional.of(Path.of("/flag")), Map.of("KUBECONFIG", "/x/a"), home))
        .containsExactly(Path.of("/flag"));
  }

  @Test
  void malformedYamlNamesTheFileAndLine() throws Exception {
    Path bad = write("bad", "apiVersion: v1\nclusters:\n  - name: x\n   cluster: [\n");
    assertThatThrownBy(() -> KubeconfigCatalog.load(List.of(bad)))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageMatching("(?s).*line \\d+.*");
  }

  @Test
  void contextNamingAMissingClusterIsExplained() throws Exception {
    Path f =
        write(
            "f",
            """
        apiVersion: v1
        kind: Config
        contexts:
        - name: orphan
          context:
            cluster: nowhere
            user: u
        users:
        - name: u
          user: {}
        """);
    KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(f));
    assertThatThrownBy(() -> catalog.clientConfig("orphan"))
        .hasMessageContaining("orphan")
        .hasMessageContaining("cluster 'nowhere'");
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> KubeconfigCatalog.load(List.of(missing)))
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void contextListNeverCarriesCredentials() throws Exception {
    Path a = write("a", kubeconfig("prod", "prod-cluster", "https://a.example:6443", "prod"));
    KubeconfigCatalog catalog = KubeconfigCatalog.load(List.of(a));
    assertThat(catalog.contexts().toString()).doesNotContain("secret-token");
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, text);
    return p;
  }
}
