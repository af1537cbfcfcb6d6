package dev.fleetscope.services.ebpf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stacks merged into a tree for a flame graph: the root is everything, its children the processes
 * (comm), then frames from the outermost caller inward. Values are whatever the map counted
 * (samples for a profile, microseconds for off-CPU time).
 */
public final class FlameGraph {
  private FlameGraph() {}

  /** A frame and what was spent in it and below. Children are sorted, largest first. */
  public record Node(String name, double value, List<Node> children) {
    public Node {
      children = List.copyOf(children);
    }

    /** The number of frames in the tree, this one included. */
    public int size() {
      int n = 1;
      for (Node c : children) {
        n += c.size();
      }
      return n;
    }

    public int depth() {
      int d = 0;
      for (Node c : children) {
        d = Math.max(d, c.depth());
      }
      return d + 1;
    }
  }

  private static final class Builder {
    final String name;
    double value;
    final Map<String, Builder> children = new LinkedHashMap<>();

    Builder(String name) {
      this.name = name;
    }

    Node build() {
      List<Node> kids = new ArrayList<>();
      for (Builder b : children.values()) {
        kids.add(b.build());
      }
      kids.sort(Comparator.comparingDouble(Node::value).reversed().thenComparing(Node::name));
      return new Node(name, value, kids);
    }
  }

  /**
   * @param stacks one entry per map key that holds a stack
   * @param rootName the root's name (usually the map's)
   */
  public static Node build(String rootName, Map<MapKey, Double> stacks) {
    Builder root = new Builder(rootName);
    for (Map.Entry<MapKey, Double> e : stacks.entrySet()) {
      double v = e.getValue();
      if (!(v > 0)) {
        continue;
      }
      root.value += v;
      Builder at = root;
      String label = e.getKey().label();
      if (!label.isEmpty()) {
        at = at.children.computeIfAbsent(label, Builder::new);
        at.value += v;
      }
      List<String> frames = new ArrayList<>(e.getKey().stack());
      Collections.reverse(frames);
      if (frames.isEmpty()) {
        frames = List.of("[no stack]");
      }
      for (String f : frames) {
        at = at.children.computeIfAbsent(f, Builder::new);
        at.value += v;
      }
    }
    return root.build();
  }
}
