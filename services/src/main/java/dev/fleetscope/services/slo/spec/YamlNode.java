package dev.fleetscope.services.slo.spec;

import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node that knows its file, line and field path, so every complaint about a spec names
 * exactly where it is. Built on SnakeYAML's node graph (composed, not constructed: no arbitrary
 * objects are ever instantiated from a file).
 */
final class YamlNode {
  private final String file;
  private final String path;
  private final Node node;
  private final int fallbackLine;

  private YamlNode(String file, String path, Node node, int fallbackLine) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.fallbackLine = fallbackLine;
  }

  /** Every document of a YAML stream; a syntax error names the file, line and column. */
  static List<YamlNode> documents(String file, Reader reader) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    List<YamlNode> out = new ArrayList<>();
    try {
      for (Node n : new Yaml(options).composeAll(reader)) {
        if (n != null) {
          out.add(new YamlNode(file, "", n, n.getStartMark().getLine() + 1));
        }
      }
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      int column = e.getProblemMark() == null ? 0 : e.getProblemMark().getColumn() + 1;
      throw new SpecProblem(
          file + ":" + line, "", "not valid YAML at column " + column + ": " + e.getProblem());
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new SpecProblem(file, "", "not valid YAML: " + e.getMessage());
    }
    return out;
  }

  String where() {
    return file + ":" + line();
  }

  int line() {
    return node == null ? fallbackLine : node.getStartMark().getLine() + 1;
  }

  String path() {
    return path;
  }

  boolean present() {
    return node != null && !(node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
  }

  SpecProblem problem(String message) {
    return new SpecProblem(where(), path, message);
  }

  /** A child of a mapping; absent children are not an error until read. */
  YamlNode get(String key) {
    String childPath = path.isEmpty() ? key : path + "." + key;
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return new YamlNode(file, childPath, t.getValueNode(), line());
        }
      }
    } else if (present()) {
      throw problem("expected a mapping with '" + key + "'");
    }
    return new YamlNode(file, childPath, null, line());
  }

  boolean has(String key) {
    return get(key).present();
  }

  String string() {
    if (!present()) {
      throw problem("is required");
    }
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    throw problem("expected a single value, found a " + kind());
  }

  Optional<String> optionalString() {
    return present() ? Optional.of(string()) : Optional.empty();
  }

  String string(String orElse) {
    return present() ? string() : orElse;
  }

  List<YamlNode> list() {
    if (!present()) {
      return List.of();
    }
    if (!(node instanceof SequenceNode s)) {
      throw problem("expected a list, found a " + kind());
    }
    List<YamlNode> out = new ArrayList<>();
    for (int i = 0; i < s.getValue().size(); i++) {
      out.add(new YamlNode(file, path + "[" + i + "]", s.getValue().get(i), line()));
    }
    return out;
  }

  List<String> strings() {
    return list().stream().map(YamlNode::string).toList();
  }

  Map<String, String> stringMap() {
    Map<String, String> out = new LinkedHashMap<>();
    if (!present()) {
      return out;
    }
    if (!(node instanceof MappingNode m)) {
      throw problem("expected a mapping, found a " + kind());
    }
    for (NodeTuple t : m.getValue()) {
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      out.put(key, get(key).string());
    }
    return out;
  }

  private String kind() {
    return node instanceof MappingNode
        ? "mapping"
        : node instanceof SequenceNode ? "list" : "value";
  }
}
