package dev.fleetscope.views.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A container log on screen, bounded so that a chatty pod cannot exhaust memory: lines arrive on an
 * I/O thread into a queue (itself capped), and {@link #drain()} moves them into the visible list
 * once per pulse, dropping the oldest beyond {@link #capacity()}.
 */
public final class LogBuffer {
  private final int capacity;
  private final Queue<String> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger droppedIncoming = new AtomicInteger();
  private final ObservableList<String> lines = FXCollections.observableArrayList();
  private long dropped;

  public LogBuffer(int capacity) {
    this.capacity = capacity;
  }

  /** From any thread. Beyond twice the capacity waiting, the line is counted and dropped. */
  public void offer(String line) {
    if (queued.incrementAndGet() > 2 * capacity) {
      queued.decrementAndGet();
      droppedIncoming.incrementAndGet();
      return;
    }
    incoming.add(line);
  }

  /** On the FX thread: applies what arrived; true when the visible lines changed. */
  public boolean drain() {
    if (incoming.isEmpty()) {
      return false;
    }
    List<String> batch = new ArrayList<>();
    String line;
    while ((line = incoming.poll()) != null) {
      queued.decrementAndGet();
      batch.add(line);
    }
    dropped += droppedIncoming.getAndSet(0);
    if (batch.size() >= capacity) {
      dropped += lines.size() + batch.size() - capacity;
      lines.setAll(batch.subList(batch.size() - capacity, batch.size()));
      return true;
    }
    int overflow = lines.size() + batch.size() - capacity;
    if (overflow > 0) {
      lines.remove(0, overflow);
      dropped += overflow;
    }
    lines.addAll(batch);
    return true;
  }

  public void clear() {
    incoming.clear();
    queued.set(0);
    droppedIncoming.set(0);
    lines.clear();
    dropped = 0;
  }

  public ObservableList<String> lines() {
    return lines;
  }

  /** Lines dropped so far to stay within the capacity. */
  public long dropped() {
    return dropped;
  }

  public int capacity() {
    return capacity;
  }
}
