package dev.fleetscope.views.widgets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.collections.ObservableListBase;

/**
 * The rows a {@link DataTable} shows: the rows it was given, filtered and sorted, as a read-only
 * observable list that says as little as it can about each new set of rows.
 *
 * <p>When the same rows come back (same keys in the same places) with some values changed, and the
 * rows shown and their order stay as they are, it fires one <em>update</em> change for the rows
 * that changed; when only their order moved, a permutation and then the updates. TableView's skin
 * answers those by refreshing the cells on screen in place; a <em>replacement</em>, which is what
 * {@code set} on an {@code ObservableList} (and so on a SortedList over it) fires, makes the skin
 * throw every row and cell away and build and style them again (ADR 0022). Anything else (rows
 * added or removed, a new filter) is one replacement of the whole list.
 */
final class LiveRows<T> extends ObservableListBase<T> {
  private final Function<T, ?> key;
  private List<T> source = new ArrayList<>();
  private Predicate<? super T> predicate = r -> true;
  private Comparator<? super T> comparator;

  /** Indexes into {@link #source}, in the order shown. */
  private int[] view = new int[0];

  /** Where each source row is shown, -1 when the filter hides it. */
  private int[] position = new int[0];

  LiveRows(Function<T, ?> key) {
    this.key = key;
  }

  @Override
  public T get(int index) {
    Objects.checkIndex(index, view.length);
    return source.get(view[index]);
  }

  @Override
  public int size() {
    return view.length;
  }

  /** Every row given, shown or not, in the order given. */
  List<T> all() {
    return source;
  }

  /** What changed on screen: nothing, values in place, the order, or the whole list. */
  enum Outcome {
    NONE,
    UPDATED,
    REORDERED,
    REPLACED
  }

  /** Takes a new set of rows and fires the smallest change that describes it. */
  Outcome setAll(List<T> next) {
    List<T> rows = new ArrayList<>(next);
    int[] changed = sameKeys(rows) ? changedRows(rows) : null;
    if (changed == null || !sameRowsShown(rows, changed)) {
      replace(rows);
      return Outcome.REPLACED;
    }
    if (changed.length == 0) {
      source = rows;
      return Outcome.NONE;
    }
    source = rows;
    if (comparator == null || stillInOrder(changed)) {
      fireUpdates(changed);
      return Outcome.UPDATED;
    }
    reorder();
    fireUpdates(changed);
    return Outcome.REORDERED;
  }

  /** A new filter: the rows shown change, so the whole list is replaced. */
  void setPredicate(Predicate<? super T> p) {
    predicate = p == null ? r -> true : p;
    replace(source);
  }

  /** A new sort (null: the order given): the same rows, permuted. */
  void setComparator(Comparator<? super T> c) {
    comparator = c;
    reorder();
  }

  private boolean sameKeys(List<T> next) {
    if (next.size() != source.size() || next.isEmpty()) {
      return false;
    }
    for (int i = 0; i < next.size(); i++) {
      T before = source.get(i);
      T after = next.get(i);
      if (before != after && !Objects.equals(key.apply(before), key.apply(after))) {
        return false;
      }
    }
    return true;
  }

  private int[] changedRows(List<T> next) {
    int[] changed = new int[next.size()];
    int n = 0;
    for (int i = 0; i < next.size(); i++) {
      if (!Objects.equals(source.get(i), next.get(i))) {
        changed[n++] = i;
      }
    }
    return Arrays.copyOf(changed, n);
  }

  /** Whether the filter still shows exactly the rows it showed. */
  private boolean sameRowsShown(List<T> next, int[] changed) {
    for (int s : changed) {
      if (predicate.test(next.get(s)) != (position[s] >= 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the shown order still holds with the new values: only pairs of neighbours with a
   * changed row among them can have fallen out of order.
   */
  private boolean stillInOrder(int[] changed) {
    for (int s : changed) {
      int p = position[s];
      if (p < 0) {
        continue;
      }
      if (p > 0 && comparator.compare(get(p - 1), get(p)) > 0) {
        return false;
      }
      if (p + 1 < view.length && comparator.compare(get(p), get(p + 1)) > 0) {
        return false;
      }
    }
    return true;
  }

  private void fireUpdates(int[] changed) {
    beginChange();
    for (int s : changed) {
      if (position[s] >= 0) {
        nextUpdate(position[s]);
      }
    }
    endChange();
  }

  private void replace(List<T> rows) {
    List<T> removed = new ArrayList<>(this);
    source = rows;
    view = shown(rows);
    position = positions(view, rows.size());
    beginChange();
    if (!removed.isEmpty() || view.length > 0) {
      nextReplace(0, view.length, removed);
    }
    endChange();
  }

  /** Sorts the shown rows again and fires the permutation, if any. */
  private void reorder() {
    int[] next = sorted(view.clone());
    int[] perm = new int[view.length];
    boolean moved = false;
    int[] nextPosition = positions(next, source.size());
    for (int p = 0; p < view.length; p++) {
      perm[p] = nextPosition[view[p]];
      moved |= perm[p] != p;
    }
    view = next;
    position = nextPosition;
    if (moved) {
      beginChange();
      nextPermutation(0, perm.length, perm);
      endChange();
    }
  }

  private int[] shown(List<T> rows) {
    int[] out = new int[rows.size()];
    int n = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (predicate.test(rows.get(i))) {
        out[n++] = i;
      }
    }
    return sorted(Arrays.copyOf(out, n));
  }

  /** Stable: rows that compare equal keep the order they were given in. */
  private int[] sorted(int[] indexes) {
    if (comparator == null) {
      Arrays.sort(indexes);
      return indexes;
    }
    Integer[] boxed = new Integer[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      boxed[i] = indexes[i];
    }
    Arrays.sort(
        boxed,
        (a, b) -> {
          int c = comparator.compare(source.get(a), source.get(b));
          return c != 0 ? c : Integer.compare(a, b);
        });
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = boxed[i];
    }
    return indexes;
  }

  private static int[] positions(int[] view, int rows) {
    int[] out = new int[rows];
    Arrays.fill(out, -1);
    for (int p = 0; p < view.length; p++) {
      out[view[p]] = p;
    }
    return out;
  }
}
