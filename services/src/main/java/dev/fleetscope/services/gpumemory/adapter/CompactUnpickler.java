package dev.fleetscope.services.gpumemory.adapter;

import dev.fleetscope.services.gpumemory.StackFrame;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * razorvine's unpickler with a graph small enough for snapshots of hundreds of megabytes. Python's
 * pickler memoizes every dict, list and string, so the memo holds the whole graph; here it is an
 * array, not a hash map of boxed indexes. Strings are interned (a snapshot repeats the same file
 * and function names in millions of frames), dicts are small array maps, and a dict that is a stack
 * frame ({@code filename}, {@code line}, {@code name}) becomes an interned {@link StackFrame} as
 * soon as it is complete, on the stack and in the memo alike. Everything else, and every check (no
 * code runs from the file), is razorvine's.
 */
final class CompactUnpickler extends Unpickler {
  private static final short BINUNICODE = 'X';
  private static final short SHORT_BINUNICODE = 0x8c;
  private static final short BINUNICODE8 = 0x8d;
  private static final short EMPTY_DICT = '}';
  private static final short SETITEM = 's';
  private static final short SETITEMS = 'u';
  private static final short MEMOIZE = 0x94;
  private static final short BINPUT = 'q';
  private static final short LONG_BINPUT = 'r';
  private static final short BININT = 'J';
  private static final short BININT1 = 'K';
  private static final short BININT2 = 'M';
  private static final short LONG1 = 0x8a;

  private final Map<String, String> strings = new HashMap<>();
  private final Map<StackFrame, StackFrame> frames;
  private final MemoArray memoArray = new MemoArray();
  private byte[] buffer = new byte[256];

  CompactUnpickler(Map<StackFrame, StackFrame> frames) {
    this.frames = frames;
    this.memo = memoArray;
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    switch (key) {
      case BINUNICODE -> {
        long n = readInt(4);
        if (n > Integer.MAX_VALUE - 8) {
          throw new PickleException("a string of " + n + " bytes");
        }
        stack.add(string((int) n));
        return NO_RETURN_VALUE;
      }
      case SHORT_BINUNICODE -> {
        stack.add(string(readByte()));
        return NO_RETURN_VALUE;
      }
      case BINUNICODE8 -> {
        long n = readInt(8);
        if (n > Integer.MAX_VALUE - 8) {
          throw new PickleException("a string of " + n + " bytes");
        }
        stack.add(string((int) n));
        return NO_RETURN_VALUE;
      }
      case BININT -> {
        stack.add((int) readInt(4));
        return NO_RETURN_VALUE;
      }
      case BININT1 -> {
        stack.add(readByte());
        return NO_RETURN_VALUE;
      }
      case BININT2 -> {
        stack.add((int) readInt(2));
        return NO_RETURN_VALUE;
      }
      case LONG1 -> {
        // Addresses and sizes past 2^31: up to 8 little-endian two's-complement bytes.
        int n = readByte();
        if (n > 8) {
          byte[] little = new byte[n];
          readFully(little, n);
          byte[] big = new byte[n];
          for (int i = 0; i < n; i++) {
            big[i] = little[n - 1 - i];
          }
          stack.add(new java.math.BigInteger(big));
          return NO_RETURN_VALUE;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
          v |= ((long) readByte()) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
          v |= -1L << (8 * n);
        }
        stack.add(v);
        return NO_RETURN_VALUE;
      }
      case EMPTY_DICT -> {
        stack.add(new SmallDict());
        return NO_RETURN_VALUE;
      }
      case SETITEMS -> {
        List<Object> items = stack.pop_all_since_marker();
        Object top = stack.peek();
        if (!(top instanceof Map<?, ?>)) {
          throw new PickleException("SETITEMS on a " + top);
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> dict = (Map<Object, Object>) top;
        for (int i = 0; i + 1 < items.size(); i += 2) {
          dict.put(items.get(i), items.get(i + 1));
        }
        frameInPlace(dict);
        return NO_RETURN_VALUE;
      }
      case SETITEM -> {
        Object value = stack.pop();
        Object k = stack.pop();
        Object top = stack.peek();
        if (!(top instanceof Map<?, ?>)) {
          throw new PickleException("SETITEM on a " + top);
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> dict = (Map<Object, Object>) top;
        dict.put(k, value);
        frameInPlace(dict);
        return NO_RETURN_VALUE;
      }
      case MEMOIZE -> {
        remember(memoArray.size(), stack.peek());
        return NO_RETURN_VALUE;
      }
      case BINPUT -> {
        remember(readByte(), stack.peek());
        return NO_RETURN_VALUE;
      }
      case LONG_BINPUT -> {
        remember((int) readInt(4), stack.peek());
        return NO_RETURN_VALUE;
      }
      default -> {
        return super.dispatch(key);
      }
    }
  }

  private void remember(int index, Object value) {
    memoArray.set(index, value);
    if (value instanceof SmallDict d) {
      d.memoIndex = index;
    }
  }

  /** A complete stack-frame dict becomes the interned frame, on the stack and in the memo. */
  private void frameInPlace(Map<Object, Object> dict) {
    if (!(dict instanceof SmallDict d) || d.size() != 3) {
      return;
    }
    Object file = d.get("filename");
    Object line = d.get("line");
    Object name = d.get("name");
    if (!(file instanceof String f) || !(name instanceof String n) || !(line instanceof Number l)) {
      return;
    }
    StackFrame frame = frames.computeIfAbsent(new StackFrame(n, f, l.intValue()), k -> k);
    stack.pop();
    stack.add(frame);
    if (d.memoIndex >= 0) {
      memoArray.set(d.memoIndex, frame);
    }
  }

  private String string(int n) throws IOException {
    if (n < 0) {
      throw new PickleException("a string of negative length");
    }
    if (buffer.length < n) {
      buffer = new byte[Math.max(n, buffer.length * 2)];
    }
    readFully(buffer, n);
    String s = new String(buffer, 0, n, StandardCharsets.UTF_8);
    String seen = strings.putIfAbsent(s, s);
    return seen == null ? s : seen;
  }

  private int readByte() throws IOException {
    int b = input.read();
    if (b < 0) {
      throw new EOFException("the pickle ends in the middle of a value");
    }
    return b;
  }

  /** A little-endian unsigned integer of {@code bytes} bytes. */
  private long readInt(int bytes) throws IOException {
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= ((long) readByte()) << (8 * i);
    }
    return v;
  }

  private void readFully(byte[] into, int n) throws IOException {
    int done = 0;
    while (done < n) {
      int r = input.read(into, done, n - done);
      if (r < 0) {
        throw new EOFException("the pickle ends in the middle of a string");
      }
      done += r;
    }
  }

  /** The memo as a growing array: pickle memo indexes are small consecutive integers. */
  static final class MemoArray extends AbstractMap<Integer, Object> {
    private Object[] values = new Object[1024];
    private int size;

    void set(int index, Object value) {
      if (index >= values.length) {
        values = Arrays.copyOf(values, Math.max(index + 1, values.length * 2));
      }
      if (values[index] == null) {
        size++;
      }
      values[index] = value;
    }

    @Override
    public Object put(Integer key, Object value) {
      Object old = get(key);
      set(key, value);
      return old;
    }

    @Override
    public Object get(Object key) {
      if (!(key instanceof Integer i) || i < 0 || i >= values.length) {
        return null;
      }
      return values[i];
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public void clear() {
      values = new Object[16];
      size = 0;
    }

    @Override
    public Set<Entry<Integer, Object>> entrySet() {
      throw new UnsupportedOperationException("the memo is read by index only");
    }
  }

  /** A dict as two parallel arrays: snapshot dicts hold a handful of keys. */
  static final class SmallDict extends AbstractMap<Object, Object> {
    private Object[] keys = new Object[4];
    private Object[] values = new Object[4];
    private int size;
    int memoIndex = -1;

    @Override
    public Object get(Object key) {
      for (int i = 0; i < size; i++) {
        if (java.util.Objects.equals(keys[i], key)) {
          return values[i];
        }
      }
      return null;
    }

    @Override
    public boolean containsKey(Object key) {
      for (int i = 0; i < size; i++) {
        if (java.util.Objects.equals(keys[i], key)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Object put(Object key, Object value) {
      for (int i = 0; i < size; i++) {
        if (java.util.Objects.equals(keys[i], key)) {
          Object old = values[i];
          values[i] = value;
          return old;
        }
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = key;
      values[size] = value;
      size++;
      return null;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<Object, Object>> iterator() {
          return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
              return i < size;
            }

            @Override
            public Entry<Object, Object> next() {
              if (i >= size) {
                throw new NoSuchElementException();
              }
              int at = i++;
              return new SimpleImmutableEntry<>(keys[at], values[at]);
            }
          };
        }

        @Override
        public int size() {
          return size;
        }
      };
    }
  }

  /** Reads a whole pickle from a stream. */
  Object read(InputStream in) throws IOException {
    return load(in);
  }
}
