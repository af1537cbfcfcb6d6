package dev.fleetscope.services.gpumemory.adapter;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotFormatException;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import dev.fleetscope.services.gpumemory.StackFrame;
import dev.fleetscope.services.gpumemory.TraceEntry;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the pickle {@code torch.cuda.memory._dump_snapshot} writes, with net.razorvine:pickle
 * (which builds plain maps and lists and never runs code from the file). Accepts the current dict
 * ({@code segments}, {@code device_traces}, {@code allocator_settings}) and the older bare list of
 * segments with per-block {@code history} instead of {@code frames}; fields added by newer PyTorch
 * versions are ignored. Stack frames are interned: the same frame is one object.
 */
public final class TorchSnapshotReader {
  private final long maxBytes;
  private final Map<StackFrame, StackFrame> frames = new HashMap<>();

  /**
   * @param maxBytes largest file accepted (the unpickled graph takes several times the file)
   */
  public TorchSnapshotReader(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A limit that leaves the heap room for the object graph: an eighth of the maximum heap. */
  public static TorchSnapshotReader forThisHeap() {
    return new TorchSnapshotReader(Runtime.getRuntime().maxMemory() / 8);
  }

  public AllocatorSnapshot read(Path file) {
    String name = file.toString();
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new SnapshotFormatException(name + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (size > maxBytes) {
      throw new SnapshotFormatException(
          String.format(
              "%s: %,d bytes is more than this console reads with its memory (%,d bytes);"
                  + " start it with a larger heap (FLEETSCOPE_JAVA_OPTS=-Xmx...)",
              name, size, maxBytes));
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SnapshotFormatException(name + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(name, bytes);
  }

  public AllocatorSnapshot parse(String name, byte[] bytes) {
    if (bytes.length < 2 || (bytes[0] & 0xff) != 0x80) {
      throw new SnapshotFormatException(
          name + ": not a pickle (PyTorch writes snapshots with pickle protocol 2 or later)");
    }
    Object root;
    try {
      root = new Unpickler().loads(bytes);
    } catch (PickleException | IOException e) {
      throw new SnapshotFormatException(name + ": not a readable pickle: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // razorvine signals a cut-off stream with index and cast errors
      throw new SnapshotFormatException(
          name + ": the pickle is truncated or damaged (" + e.getClass().getSimpleName() + ")", e);
    }
    Node top = new Node(name, "", root);
    if (root instanceof List<?>) {
      return new AllocatorSnapshot(name, "segment list", segments(top), List.of(), Map.of());
    }
    if (!(root instanceof Map<?, ?> m) || !m.containsKey("segments")) {
      throw new SnapshotFormatException(
          name
              + ": not a PyTorch memory snapshot: expected a dict with \"segments\" (or a list of"
              + " segments), found "
              + describe(root));
    }
    Node segs = top.get("segments");
    List<TraceEntry> traces = new ArrayList<>();
    if (top.has("device_traces")) {
      List<Node> devices = top.get("device_traces").list();
      for (int d = 0; d < devices.size(); d++) {
        for (Node t : devices.get(d).list()) {
          traces.add(
              new TraceEntry(
                  d,
                  t.get("action").string(),
                  t.has("addr") ? t.get("addr").number() : 0,
                  t.has("size") ? t.get("size").number() : 0,
                  t.has("stream") ? t.get("stream").number() : 0,
                  t.has("time_us") ? t.get("time_us").number() : 0,
                  t.has("frames") ? frames(t.get("frames")) : List.of()));
        }
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (top.has("allocator_settings")
        && top.get("allocator_settings").value() instanceof Map<?, ?> s) {
      s.forEach((k, v) -> settings.put(String.valueOf(k), String.valueOf(v)));
    }
    return new AllocatorSnapshot(name, "dict", segments(segs), traces, settings);
  }

  private List<SnapshotSegment> segments(Node list) {
    List<SnapshotSegment> out = new ArrayList<>();
    for (Node s : list.list()) {
      long address = s.get("address").number();
      List<SnapshotBlock> blocks = new ArrayList<>();
      long offset = 0;
      for (Node b : s.get("blocks").list()) {
        long size = b.get("size").number();
        long requested = b.has("requested_size") ? b.get("requested_size").number() : 0;
        List<StackFrame> stack = List.of();
        if (b.has("frames")) {
          stack = frames(b.get("frames"));
        } else if (b.has("history")) {
          // Older PyTorch: a list of {addr, real_size, frames}; the last is the live allocation.
          List<Node> history = b.get("history").list();
          if (!history.isEmpty()) {
            Node last = history.get(history.size() - 1);
            if (requested == 0 && last.has("real_size")) {
              requested = last.get("real_size").number();
            }
            if (last.has("frames")) {
              stack = frames(last.get("frames"));
            }
          }
        }
        long blockAddress = b.has("address") ? b.get("address").number() : address + offset;
        blocks.add(
            new SnapshotBlock(
                blockAddress, size, requested, BlockState.parse(b.get("state").string()), stack));
        offset += size;
      }
      out.add(
          new SnapshotSegment(
              s.has("device") ? (int) s.get("device").number() : 0,
              address,
              s.get("total_size").number(),
              s.has("stream") ? s.get("stream").number() : 0,
              s.has("segment_type") ? s.get("segment_type").string() : "large",
              s.has("is_expandable") && Boolean.TRUE.equals(s.get("is_expandable").value()),
              blocks));
    }
    return out;
  }

  private List<StackFrame> frames(Node list) {
    List<StackFrame> out = new ArrayList<>();
    for (Node f : list.list()) {
      StackFrame frame =
          new StackFrame(
              f.has("name") ? f.get("name").string() : "?",
              f.has("filename") ? f.get("filename").string() : "?",
              f.has("line") ? (int) f.get("line").number() : 0);
      out.add(this.frames.computeIfAbsent(frame, k -> k));
    }
    return out;
  }

  private static String describe(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }

  /** A value in the unpickled graph with its path, for messages. */
  private record Node(String file, String path, Object value) {
    boolean has(String key) {
      return value instanceof Map<?, ?> m && m.get(key) != null;
    }

    Node get(String key) {
      if (!(value instanceof Map<?, ?> m)) {
        throw problem("expected a dict with \"" + key + "\", found " + describe(value));
      }
      Object v = m.get(key);
      if (v == null) {
        throw new SnapshotFormatException(
            file + ": " + (path.isEmpty() ? key : path + "." + key) + ": is missing");
      }
      return new Node(file, path.isEmpty() ? key : path + "." + key, v);
    }

    List<Node> list() {
      List<?> items;
      if (value instanceof List<?> l) {
        items = l;
      } else if (value instanceof Object[] tuple) {
        items = List.of(tuple);
      } else {
        throw problem("expected a list, found " + describe(value));
      }
      List<Node> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        out.add(new Node(file, path + "[" + i + "]", items.get(i)));
      }
      return out;
    }

    long number() {
      if (value instanceof Integer
          || value instanceof Long
          || value instanceof Short
          || value instanceof Byte) {
        return ((Number) value).longValue();
      }
      if (value instanceof BigInteger big && big.bitLength() <= 64) {
        return big.longValue();
      }
      throw problem("expected a whole number, found " + describe(value));
    }

    String string() {
      if (value instanceof String s) {
        return s;
      }
      throw problem("expected text, found " + describe(value));
    }

    SnapshotFormatException problem(String message) {
      return new SnapshotFormatException(file + ": " + path + ": " + message);
    }
  }
}
