package dev.fleetscope.services.ebpf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The latest events of a trace, at most {@code capacity} of them: memory stays bounded however long
 * a trace runs. Thread-safe; writers and readers hold the lock only to copy references.
 */
public final class EventRing<T> {
  private final Object[] slots;
  private long written;

  public EventRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.slots = new Object[capacity];
  }

  public int capacity() {
    return slots.length;
  }

  public synchronized void add(T item) {
    slots[(int) (written % slots.length)] = item;
    written++;
  }

  /** How many were ever added (the ones before {@code total - size} are gone). */
  public synchronized long total() {
    return written;
  }

  public synchronized int size() {
    return (int) Math.min(written, slots.length);
  }

  /** The latest {@code max} items that pass {@code filter}, oldest first. */
  public List<T> latest(int max, Predicate<? super T> filter) {
    Object[] copy;
    long end;
    synchronized (this) {
      copy = slots.clone();
      end = written;
    }
    long start = Math.max(0, end - copy.length);
    List<T> reversed = new ArrayList<>(Math.min(max, copy.length));
    for (long i = end - 1; i >= start && reversed.size() < max; i--) {
      @SuppressWarnings("unchecked")
      T item = (T) copy[(int) (i % copy.length)];
      if (filter.test(item)) {
        reversed.add(item);
      }
    }
    List<T> out = new ArrayList<>(reversed.size());
    for (int i = reversed.size() - 1; i >= 0; i--) {
      out.add(reversed.get(i));
    }
    return out;
  }

  public List<T> all() {
    return latest(Integer.MAX_VALUE, x -> true);
  }
}
