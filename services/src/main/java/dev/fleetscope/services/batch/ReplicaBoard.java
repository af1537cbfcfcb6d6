package dev.fleetscope.services.batch;

import dev.fleetscope.services.metrics.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every replica's scrape history since the console started watching (bounded per replica), and the
 * rows worked out from it. A replica not scraped for {@link #FORGET_AFTER} is dropped.
 */
public final class ReplicaBoard {
  /** 1 hour at the 15 s scrape interval. */
  public static final int CAPACITY = 240;

  public static final Duration RATE_WINDOW = Duration.ofMinutes(1);
  public static final Duration FORGET_AFTER = Duration.ofMinutes(10);
  private static final int SPARK_POINTS = 40;

  private final int capacity;
  private final Map<ReplicaKey, ReplicaHistory> histories = new ConcurrentHashMap<>();

  public ReplicaBoard() {
    this(CAPACITY);
  }

  public ReplicaBoard(int capacity) {
    this.capacity = capacity;
  }

  /** Adds one round of scrapes taken at {@code at}; forgets replicas long gone. */
  public void accept(Collection<ReplicaScrape> scrapes, Instant at) {
    for (ReplicaScrape s : scrapes) {
      histories.computeIfAbsent(s.key(), k -> new ReplicaHistory(capacity)).add(s);
    }
    Instant cutoff = at.minus(FORGET_AFTER);
    histories.values().removeIf(h -> h.latest().at().isBefore(cutoff));
  }

  public int size() {
    return histories.size();
  }

  public Optional<ReplicaHistory> history(ReplicaKey key) {
    return Optional.ofNullable(histories.get(key));
  }

  /** The rows, sorted by cluster, namespace, pod. */
  public List<ReplicaState> states() {
    List<ReplicaState> out = new ArrayList<>(histories.size());
    histories.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add(state(e.getKey(), e.getValue())));
    return out;
  }

  static ReplicaState state(ReplicaKey key, ReplicaHistory h) {
    ReplicaScrape last = h.latest();
    Map<Figure, Double> figures = ReplicaState.emptyFigures();
    for (Figure f : Figure.values()) {
      figures.put(f, h.now(f, RATE_WINDOW));
    }
    return new ReplicaState(
        key,
        last.engine(),
        last.model(),
        last.at(),
        figures,
        Saturation.judge(h, RATE_WINDOW),
        tail(h.series(Figure.WAITING, "waiting")),
        tail(h.series(Figure.KV_CACHE, "kv")));
  }

  private static double[] tail(TimeSeries s) {
    double[] v = s.values();
    return Arrays.copyOfRange(v, Math.max(0, v.length - SPARK_POINTS), v.length);
  }
}
