package dev.fleetscope.views.widgets;

/** A short status word with a severity that picks its colour. */
public record Badge(String text, Severity severity) implements Comparable<Badge> {

  /** Colour classes, mapped onto the theme's success/warning/danger colours. */
  public enum Severity {
    OK,
    INFO,
    WARNING,
    DANGER
  }

  @Override
  public int compareTo(Badge o) {
    int c = o.severity.compareTo(severity);
    return c != 0 ? c : text.compareTo(o.text);
  }

  @Override
  public String toString() {
    return text;
  }
}
