package dev.fleetscope.services.slo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PromQL vector selector, {@code name{label="value", other=~"regex"}}, as SLO specs write their
 * metrics. Parsed rather than pasted into queries so that the planner can add windows and adjust
 * the {@code le} matcher, and so that a typo is reported at the spec, not as a Prometheus error.
 */
public record Selector(String metric, List<Matcher> matchers) {

  /** One label matcher; {@code op} is one of {@code =}, {@code !=}, {@code =~}, {@code !~}. */
  public record Matcher(String label, String op, String value) {
    String promql() {
      return label + op + quote(value);
    }

    /** Whether a label value (empty when the label is absent) passes, regexes fully anchored. */
    public boolean matches(String actual) {
      String v = actual == null ? "" : actual;
      return switch (op) {
        case "=" -> v.equals(value);
        case "!=" -> !v.equals(value);
        case "=~" -> pattern().matcher(v).matches();
        case "!~" -> !pattern().matcher(v).matches();
        default -> throw new IllegalStateException("unknown matcher operator " + op);
      };
    }

    private java.util.regex.Pattern pattern() {
      return PATTERNS.computeIfAbsent(value, java.util.regex.Pattern::compile);
    }
  }

  private static final java.util.Map<String, java.util.regex.Pattern> PATTERNS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Whether a series with this metric name and these labels is selected. */
  public boolean matches(String metricName, java.util.Map<String, String> labels) {
    if (!metric.isEmpty() && !metric.equals(metricName)) {
      return false;
    }
    for (Matcher m : matchers) {
      if (!m.matches(labels.get(m.label()))) {
        return false;
      }
    }
    return true;
  }

  public Selector {
    matchers = List.copyOf(matchers);
  }

  public Optional<Matcher> matcher(String label) {
    return matchers.stream().filter(m -> m.label().equals(label)).findFirst();
  }

  public Selector without(String label) {
    return new Selector(metric, matchers.stream().filter(m -> !m.label().equals(label)).toList());
  }

  public Selector with(Matcher m) {
    List<Matcher> all = new ArrayList<>(without(m.label()).matchers);
    all.add(m);
    return new Selector(metric, all);
  }

  public Selector withMetric(String name) {
    return new Selector(name, matchers);
  }

  public String promql() {
    if (matchers.isEmpty()) {
      return metric;
    }
    return metric
        + matchers.stream().map(Matcher::promql).collect(Collectors.joining(",", "{", "}"));
  }

  @Override
  public String toString() {
    return promql();
  }

  /**
   * Parses a selector.
   *
   * @throws IllegalArgumentException with the position and what was expected
   */
  public static Selector parse(String text) {
    return new Parser(text.strip()).selector();
  }

  /** A PromQL string literal: quoted, with backslashes, quotes and newlines escaped. */
  public static String quote(String v) {
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Selector selector() {
      String name = "";
      if (i < s.length() && s.charAt(i) != '{') {
        name = identifier(true);
      }
      List<Matcher> matchers = new ArrayList<>();
      skipSpace();
      if (i < s.length() && s.charAt(i) == '{') {
        i++;
        skipSpace();
        while (i < s.length() && s.charAt(i) != '}') {
          String label = identifier(false);
          skipSpace();
          String op = operator();
          skipSpace();
          String value = string();
          if (label.equals("__name__") && op.equals("=")) {
            name = value;
          } else {
            matchers.add(new Matcher(label, op, value));
          }
          skipSpace();
          if (i < s.length() && s.charAt(i) == ',') {
            i++;
            skipSpace();
          } else if (i < s.length() && s.charAt(i) != '}') {
            throw error("',' or '}'");
          }
        }
        if (i >= s.length()) {
          throw error("'}'");
        }
        i++;
      }
      skipSpace();
      if (i != s.length()) {
        throw error("the end of the selector (only name{label=\"value\",...} is allowed here)");
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException("selector '" + s + "' names no metric");
      }
      return new Selector(name, matchers);
    }

    private String identifier(boolean metricName) {
      int start = i;
      while (i < s.length()) {
        char c = s.charAt(i);
        boolean ok =
            Character.isLetter(c)
                || c == '_'
                || (i > start && Character.isDigit(c))
                || (metricName && c == ':');
        if (!ok) {
          break;
        }
        i++;
      }
      if (i == start) {
        throw error(metricName ? "a metric name" : "a label name");
      }
      return s.substring(start, i);
    }

    private String operator() {
      for (String op : List.of("=~", "!~", "!=", "=")) {
        if (s.startsWith(op, i)) {
          i += op.length();
          return op;
        }
      }
      throw error("=, !=, =~ or !~");
    }

    private String string() {
      if (i >= s.length() || (s.charAt(i) != '"' && s.charAt(i) != '\'' && s.charAt(i) != '`')) {
        throw error("a quoted value");
      }
      char q = s.charAt(i++);
      StringBuilder out = new StringBuilder();
      while (i < s.length() && s.charAt(i) != q) {
        char c = s.charAt(i++);
        if (c == '\\' && q != '`' && i < s.length()) {
          char e = s.charAt(i++);
          out.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        } else {
          out.append(c);
        }
      }
      if (i >= s.length()) {
        throw error("a closing " + q);
      }
      i++;
      return out.toString();
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private IllegalArgumentException error(String expected) {
      return new IllegalArgumentException(
          "selector '" + s + "', column " + (i + 1) + ": expected " + expected);
    }
  }
}
