package dev.fleetscope.probe.workload;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a workload file (YAML or JSON; see docs/probe-schema.md, "Workload files"):
 *
 * <pre>
 * name: one decoder layer
 * tensors:
 *   - {name: wq, dtype: fp16, shape: [4096, 4096]}
 *   - {name: act, dtype: bf16, shape: [8, 2048, 4096], count: 4, alloc: 1, free: 2}
 * </pre>
 *
 * Each entry is allocated at step {@code alloc} (default 0) and freed at step {@code free}
 * (default: never). Within a step the frees come first, then the allocations, each in file order;
 * {@code count} repeats an entry as NAME[0], NAME[1], ... Every complaint names the file, line and
 * field.
 */
public final class WorkloadFiles {
  private static final Set<String> ENTRY_FIELDS =
      Set.of("name", "dtype", "shape", "count", "alloc", "free", "stream");
  private static final Set<String> TOP_FIELDS = Set.of("name", "tensors", "description");

  private WorkloadFiles() {}

  public static Workload read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new WorkloadException(file + ": cannot read the workload file (" + e + ")");
    }
    return parse(file.toString(), text);
  }

  public static Workload parse(String fileName, String text) {
    Node root = compose(fileName, new StringReader(text));
    if (!(root instanceof MappingNode top)) {
      throw new WorkloadException(
          fileName + ":1: expected a mapping with 'tensors' (a list of tensors)");
    }
    String name = fileName;
    List<Entry> entries = new ArrayList<>();
    boolean sawTensors = false;
    for (NodeTuple t : top.getValue()) {
      String key = scalar(fileName, t.getKeyNode(), "a field name");
      Node value = t.getValueNode();
      if (!TOP_FIELDS.contains(key)) {
        throw problem(
            fileName, t.getKeyNode(), key, "unknown field; expected one of " + TOP_FIELDS);
      }
      if (key.equals("name")) {
        name = scalar(fileName, value, "name");
      } else if (key.equals("tensors")) {
        sawTensors = true;
        if (!(value instanceof SequenceNode seq)) {
          throw problem(fileName, value, "tensors", "expected a list of tensors");
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
          entries.add(entry(fileName, "tensors[" + i + "]", seq.getValue().get(i), entries.size()));
        }
      }
    }
    if (!sawTensors || entries.isEmpty()) {
      throw new WorkloadException(fileName + ":1: tensors: is required and must not be empty");
    }
    return expand(name, fileName, entries);
  }

  private record Entry(
      Tensor tensor, int count, long alloc, long free, int order, String where, String path) {}

  private record Step(long step, boolean isFree, int order, int copy, int tensorIndex) {}

  private static Workload expand(String name, String source, List<Entry> entries) {
    List<Tensor> tensors = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Entry e : entries) {
      for (int c = 0; c < e.count; c++) {
        String tensorName = e.count == 1 ? e.tensor.name() : e.tensor.name() + "[" + c + "]";
        if (!names.add(tensorName)) {
          throw new WorkloadException(
              e.where + ": " + e.path + ".name: \"" + tensorName + "\" is used twice");
        }
        Tensor t = new Tensor(tensorName, e.tensor.shape(), e.tensor.dtype(), e.tensor.stream());
        tensors.add(t);
        int index = tensors.size() - 1;
        steps.add(new Step(e.alloc, false, e.order, c, index));
        if (e.free >= 0) {
          steps.add(new Step(e.free, true, e.order, c, index));
        }
      }
    }
    steps.sort(
        Comparator.comparingLong(Step::step)
            .thenComparing(s -> !s.isFree())
            .thenComparingInt(Step::order)
            .thenComparingInt(Step::copy));
    int[] events = new int[steps.size()];
    for (int i = 0; i < events.length; i++) {
      Step s = steps.get(i);
      events[i] = s.isFree() ? ~s.tensorIndex() : s.tensorIndex();
    }
    return new Workload(name, source, tensors, events);
  }

  private static Entry entry(String file, String path, Node node, int order) {
    if (!(node instanceof MappingNode m)) {
      throw problem(file, node, path, "expected a mapping with name, dtype and shape");
    }
    String name = null;
    DType dtype = null;
    long[] shape = null;
    int count = 1;
    int stream = 0;
    long alloc = 0;
    long free = -1;
    for (NodeTuple t : m.getValue()) {
      String key = scalar(file, t.getKeyNode(), "a field name");
      Node v = t.getValueNode();
      String field = path + "." + key;
      switch (key) {
        case "name" -> name = scalar(file, v, field);
        case "dtype" -> {
          try {
            dtype = DType.parse(scalar(file, v, field));
          } catch (IllegalArgumentException e) {
            throw problem(file, v, field, e.getMessage());
          }
        }
        case "shape" -> shape = shape(file, v, field);
        case "count" -> count = (int) number(file, v, field, 1, 1_000_000);
        case "stream" -> stream = (int) number(file, v, field, 0, 1024);
        case "alloc" -> alloc = number(file, v, field, 0, Long.MAX_VALUE);
        case "free" -> free = number(file, v, field, 0, Long.MAX_VALUE);
        default ->
            throw problem(
                file, t.getKeyNode(), field, "unknown field; expected one of " + ENTRY_FIELDS);
      }
    }
    String where = file + ":" + (node.getStartMark().getLine() + 1);
    if (name == null || name.isBlank()) {
      throw new WorkloadException(where + ": " + path + ".name: is required");
    }
    if (dtype == null) {
      throw new WorkloadException(where + ": " + path + ".dtype: is required (e.g. fp16, bf16)");
    }
    if (shape == null) {
      throw new WorkloadException(where + ": " + path + ".shape: is required (e.g. [4096, 4096])");
    }
    if (free >= 0 && free <= alloc) {
      throw new WorkloadException(
          where
              + ": "
              + path
              + ".free: step "
              + free
              + " is not after the allocation step "
              + alloc);
    }
    Tensor tensor;
    try {
      tensor = new Tensor(name, shape, dtype, stream);
      tensor.bytes();
    } catch (ArithmeticException e) {
      throw new WorkloadException(where + ": " + path + ".shape: the tensor's size overflows");
    }
    return new Entry(tensor, count, alloc, free, order, where, path);
  }

  private static long[] shape(String file, Node v, String field) {
    if (!(v instanceof SequenceNode seq)) {
      throw problem(file, v, field, "expected a list of dimensions, e.g. [4096, 4096]");
    }
    long[] out = new long[seq.getValue().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(file, seq.getValue().get(i), field + "[" + i + "]", 0, Long.MAX_VALUE);
    }
    return out;
  }

  private static long number(String file, Node v, String field, long min, long max) {
    String text = scalar(file, v, field);
    long value;
    try {
      value = Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw problem(file, v, field, "expected a whole number, found \"" + text + "\"");
    }
    if (value < min || value > max) {
      throw problem(
          file,
          v,
          field,
          value + " is out of range (" + min + ".." + (max == Long.MAX_VALUE ? "" : max) + ")");
    }
    return value;
  }

  private static String scalar(String file, Node v, String field) {
    if (v instanceof ScalarNode s) {
      return s.getValue();
    }
    throw problem(file, v, field, "expected a single value");
  }

  private static WorkloadException problem(String file, Node at, String field, String message) {
    return new WorkloadException(
        file + ":" + (at.getStartMark().getLine() + 1) + ": " + field + ": " + message);
  }

  private static Node compose(String file, Reader reader) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    try {
      Node n = new Yaml(options).compose(reader);
      if (n == null) {
        throw new WorkloadException(file + ": the workload file is empty");
      }
      return n;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new WorkloadException(
          file + ":" + line + ": not valid YAML or JSON: " + e.getProblem());
    } catch (YAMLException e) {
      throw new WorkloadException(file + ": not valid YAML or JSON: " + e.getMessage());
    }
  }
}
