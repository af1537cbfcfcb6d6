package dev.fleetscope.services.cluster.adapter;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fleetscope.services.cluster.KubeContext;
import dev.fleetscope.services.cluster.KubeContextCatalog;
import dev.fleetscope.services.cluster.KubeconfigException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads one or more kubeconfig files and merges them as kubectl does: the first file that defines a
 * context, cluster or user wins, and {@code current-context} comes from the first file that sets
 * it. Builds a fabric8 {@link Config} for a chosen context.
 */
public final class KubeconfigCatalog implements KubeContextCatalog {

  /** Connect timeout for every cluster: one slow cluster must not hold up the others. */
  public static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  public static final int REQUEST_TIMEOUT_MILLIS = 10_000;

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private record Source(Path path, io.fabric8.kubernetes.api.model.Config parsed) {}

  private final List<Source> sources;
  private final Map<String, Source> contextOwner = new LinkedHashMap<>();
  private final Map<String, NamedContext> contexts = new LinkedHashMap<>();
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();
  private final Map<String, AuthInfo> users = new LinkedHashMap<>();
  private final String currentContext;

  private KubeconfigCatalog(List<Source> sources) {
    this.sources = sources;
    String current = null;
    for (Source s : sources) {
      io.fabric8.kubernetes.api.model.Config c = s.parsed();
      for (NamedContext ctx : nullSafe(c.getContexts())) {
        if (ctx.getName() != null && !contexts.containsKey(ctx.getName())) {
          contexts.put(ctx.getName(), ctx);
          contextOwner.put(ctx.getName(), s);
        }
      }
      for (NamedCluster cl : nullSafe(c.getClusters())) {
        if (cl.getName() != null) {
          clusters.putIfAbsent(cl.getName(), cl.getCluster());
        }
      }
      for (NamedAuthInfo u : nullSafe(c.getUsers())) {
        if (u.getName() != null) {
          users.putIfAbsent(u.getName(), u.getUser());
        }
      }
      if (current == null && c.getCurrentContext() != null && !c.getCurrentContext().isBlank()) {
        current = c.getCurrentContext();
      }
    }
    this.currentContext = current;
  }

  /**
   * The files kubectl would read: the {@code --kubeconfig} argument if given, else the {@code
   * KUBECONFIG} list, else {@code ~/.kube/config}.
   */
  public static List<Path> defaultFiles(
      Optional<Path> explicit, Map<String, String> env, Path home) {
    if (explicit.isPresent()) {
      return List.of(explicit.get());
    }
    String list = env.get("KUBECONFIG");
    if (list != null && !list.isBlank()) {
      List<Path> files = new ArrayList<>();
      for (String part : list.split(File.pathSeparator)) {
        if (!part.isBlank()) {
          files.add(Path.of(part));
        }
      }
      return files;
    }
    return List.of(home.resolve(".kube").resolve("config"));
  }

  /**
   * Loads and merges the files. Missing files in a KUBECONFIG list are skipped as kubectl does,
   * unless none exists; a file that is not a valid kubeconfig fails with its path and line.
   */
  public static KubeconfigCatalog load(List<Path> files) throws KubeconfigException {
    List<Source> sources = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        if (files.size() == 1) {
          throw new KubeconfigException("kubeconfig " + file + " does not exist");
        }
        continue;
      }
      sources.add(new Source(file, parse(file)));
    }
    if (sources.isEmpty()) {
      throw new KubeconfigException(
          "none of the kubeconfig files exists: "
              + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }
    return new KubeconfigCatalog(sources);
  }

  private static io.fabric8.kubernetes.api.model.Config parse(Path file)
      throws KubeconfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new KubeconfigException("kubeconfig " + file + " cannot be read: " + e.getMessage());
    }
    if (text.isBlank()) {
      throw new KubeconfigException("kubeconfig " + file + " is empty");
    }
    try {
      io.fabric8.kubernetes.api.model.Config parsed =
          YAML.readValue(text, io.fabric8.kubernetes.api.model.Config.class);
      if (parsed == null) {
        throw new KubeconfigException("kubeconfig " + file + " is empty");
      }
      return parsed;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at != null && at.getLineNr() > 0 ? ", line " + at.getLineNr() : "";
      throw new KubeconfigException(
          "kubeconfig "
              + file
              + where
              + ": not a valid kubeconfig ("
              + e.getOriginalMessage()
              + ")",
          e);
    }
  }

  @Override
  public List<KubeContext> contexts() {
    List<KubeContext> out = new ArrayList<>();
    for (NamedContext named : contexts.values()) {
      Context c = named.getContext();
      String clusterName = c == null ? "" : nz(c.getCluster());
      Cluster cluster = clusters.get(clusterName);
      out.add(
          new KubeContext(
              named.getName(),
              clusterName,
              cluster == null ? "" : nz(cluster.getServer()),
              c == null ? "" : nz(c.getUser()),
              c == null ? "" : nz(c.getNamespace()),
              contextOwner.get(named.getName()).path(),
              cluster == null || !Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify())));
    }
    return out;
  }

  @Override
  public Optional<String> currentContext() {
    return Optional.ofNullable(currentContext).filter(contexts::containsKey);
  }

  @Override
  public String describeSources() {
    return sources.stream().map(s -> s.path().toString()).collect(Collectors.joining(", "));
  }

  /** A fabric8 client configuration for one context, with Fleetscope's timeouts. */
  public Config clientConfig(String contextName) throws KubeconfigException {
    NamedContext named = contexts.get(contextName);
    if (named == null) {
      throw new KubeconfigException(
          "context '" + contextName + "' is not defined in " + describeSources());
    }
    Source owner = contextOwner.get(contextName);
    Context c = named.getContext();
    if (c == null || c.getCluster() == null) {
      throw new KubeconfigException(
          "context '" + contextName + "' in " + owner.path() + " has no 'cluster' field");
    }
    Cluster cluster = clusters.get(c.getCluster());
    if (cluster == null) {
      throw new KubeconfigException(
          "context '"
              + contextName
              + "' in "
              + owner.path()
              + " names cluster '"
              + c.getCluster()
              + "', which no kubeconfig file defines");
    }
    if (cluster.getServer() == null || cluster.getServer().isBlank()) {
      throw new KubeconfigException(
          "cluster '" + c.getCluster() + "' (context '" + contextName + "') has no 'server' field");
    }
    AuthInfo user = c.getUser() == null ? null : users.get(c.getUser());
    if (c.getUser() != null && user == null) {
      throw new KubeconfigException(
          "context '"
              + contextName
              + "' in "
              + owner.path()
              + " names user '"
              + c.getUser()
              + "', which no kubeconfig file defines");
    }
    ConfigBuilder single =
        new ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .withCurrentContext(contextName)
            .addToContexts(named)
            .addToClusters(new NamedCluster(cluster, c.getCluster()));
    if (user != null) {
      single.addToUsers(new NamedAuthInfo(c.getUser(), user));
    }
    String yaml = Serialization.asYaml(single.build());
    try {
      Config config = Config.fromKubeconfig(contextName, yaml, owner.path().toString());
      config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
      config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
      config.setRequestRetryBackoffLimit(1);
      config.setRequestRetryBackoffInterval(250);
      return config;
    } catch (RuntimeException e) {
      throw new KubeconfigException(
          "context '"
              + contextName
              + "' in "
              + owner.path()
              + " cannot be used: "
              + ConnectionErrors.rootMessage(e),
          e);
    }
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
