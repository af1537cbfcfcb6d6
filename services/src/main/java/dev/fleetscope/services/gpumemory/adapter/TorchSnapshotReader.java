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

  /**
   * A limit that leaves the heap room for the graph and the model built from it: a third of the
   * maximum heap (reading takes at most about 2.2 times the file, docs/benchmarks.md), so a file
   * too large is refused with a message instead of running out of memory half way.
   */
  public static TorchSnapshotReader forThisHeap() {
    return new TorchSnapshotReader(Runtime.getRuntime().maxMemory() / 3);
  }

  /** How far a read has got, for a progress bar. */
  public interface Progress {
    void read(long bytes, long of);
  }

  public AllocatorSnapshot read(Path file) {
    return read(file, (done, of) -> {});
  }

  /**
   * Reads a snapshot from a file as it streams in, reporting progress every megabyte. Interrupting
   * the reading thread cancels the read ({@link java.util.concurrent.CancellationException}).
   */
  public AllocatorSnapshot read(Path file, Progress progress) {
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
    try (Buffered in =
        new Buffered(new Counting(Files.newInputStream(file), size, progress), 1 << 16)) {
      return parse(name, in);
    } catch (IOException e) {
      throw new SnapshotFormatException(name + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  public AllocatorSnapshot parse(String name, byte[] bytes) {
    return parse(name, new Buffered(new java.io.ByteArrayInputStream(bytes), 1 << 16));
  }

  /**
   * A buffered stream without {@link java.io.BufferedInputStream}'s locking: the unpickler reads
   * opcodes a byte at a time, and a lock per byte was the largest cost of a read.
   */
  static final class Buffered extends java.io.InputStream {
    private final java.io.InputStream in;
    private final byte[] buf;
    private int pos;
    private int end;

    Buffered(java.io.InputStream in, int size) {
      this.in = in;
      this.buf = new byte[size];
    }

    private boolean fill() throws IOException {
      int n = in.read(buf, 0, buf.length);
      pos = 0;
      end = Math.max(n, 0);
      return n > 0;
    }

    /** The next byte without taking it, or -1 at the end. */
    int peek() throws IOException {
      if (pos >= end && !fill()) {
        return -1;
      }
      return buf[pos] & 0xff;
    }

    @Override
    public int read() throws IOException {
      if (pos >= end && !fill()) {
        return -1;
      }
      return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos >= end) {
        if (len >= buf.length) {
          return in.read(b, off, len);
        }
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, end - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private AllocatorSnapshot parse(String name, Buffered in) {
    Object root;
    try {
      if (in.peek() != 0x80) {
        throw new SnapshotFormatException(
            name + ": not a pickle (PyTorch writes snapshots with pickle protocol 2 or later)");
      }
      root = new CompactUnpickler(frames).read(in);
    } catch (java.util.concurrent.CancellationException | SnapshotFormatException e) {
      throw e;
    } catch (PickleException | IOException e) {
      throw new SnapshotFormatException(name + ": not a readable pickle: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof java.util.concurrent.CancellationException c) {
        throw c;
      }
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
      if (f.value() instanceof StackFrame done) {
        out.add(done);
        continue;
      }
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

  /** Counts what has been read, reports it every megabyte, and stops when interrupted. */
  private static final class Counting extends java.io.FilterInputStream {
    private final long total;
    private final Progress progress;
    private long done;
    private long reported;

    Counting(java.io.InputStream in, long total, Progress progress) {
      super(in);
      this.total = total;
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        advance(n);
      }
      return n;
    }

    private void advance(long n) {
      done += n;
      if (done - reported >= 1 << 20 || done == total) {
        reported = done;
        if (Thread.currentThread().isInterrupted()) {
          throw new java.util.concurrent.CancellationException("snapshot read cancelled");
        }
        progress.read(done, total);
      }
    }
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
