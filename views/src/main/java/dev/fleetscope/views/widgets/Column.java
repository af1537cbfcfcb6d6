package dev.fleetscope.views.widgets;

import java.util.Comparator;
import java.util.function.Function;

/**
 * A column of a {@link DataTable}: a title, how to get the cell value from a row, and how to sort.
 * The text form is what search matches and what export writes.
 */
public record Column<T>(
    String title, Function<T, ?> value, double prefWidth, boolean numeric, CellKind kind) {

  /** How a cell is drawn beyond plain text. */
  public enum CellKind {
    TEXT,
    /** value is a {@link Usage}: drawn as a bar with "used / total". */
    USAGE,
    /** value is a {@link Badge}: drawn as a coloured label. */
    BADGE,
    /** value is a {@link Spark}: drawn as a small line of recent values. */
    SPARK
  }

  public static <T> Column<T> spark(String title, Function<T, Spark> value, double width) {
    return new Column<>(title, value, width, true, CellKind.SPARK);
  }

  public static <T> Column<T> text(String title, Function<T, ?> value, double width) {
    return new Column<>(title, value, width, false, CellKind.TEXT);
  }

  public static <T> Column<T> number(
      String title, Function<T, ? extends Number> value, double width) {
    return new Column<>(title, value, width, true, CellKind.TEXT);
  }

  public static <T> Column<T> usage(String title, Function<T, Usage> value, double width) {
    return new Column<>(title, value, width, true, CellKind.USAGE);
  }

  public static <T> Column<T> badge(String title, Function<T, Badge> value, double width) {
    return new Column<>(title, value, width, false, CellKind.BADGE);
  }

  String textOf(T row) {
    return format(value.apply(row));
  }

  /** How a cell value reads: a whole number without ".0" (256, not 256.0); NaN as nothing. */
  static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "";
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString(d.longValue());
      }
    }
    return v.toString();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  Comparator<Object> comparator() {
    return (a, b) -> {
      if (a instanceof Comparable ca && b != null && a.getClass() == b.getClass()) {
        return ca.compareTo(b);
      }
      return String.valueOf(a).compareToIgnoreCase(String.valueOf(b));
    };
  }
}
