package dev.fleetscope.services.metrics.exposition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a metrics page in the Prometheus text exposition format (0.0.4) or OpenMetrics 1.0: sample
 * lines {@code name{label="value",...} value [timestamp] [# {exemplar labels} value [timestamp]]},
 * comments ({@code # HELP}, {@code # TYPE}, {@code # UNIT} and any other), blank lines and the
 * OpenMetrics terminator {@code # EOF}. Label values may hold escaped quotes, backslashes and
 * newlines; values may be {@code NaN}, {@code +Inf} and {@code -Inf}. Timestamps and exemplars are
 * read past, not kept: a scrape is one instant.
 *
 * <p>Any line it cannot read fails the whole page with an {@link ExpositionFormatException} naming
 * the line: half a page would show a replica with some signals silently missing.
 */
public final class ExpositionParser {
  private final String source;
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, String> labelNames = new HashMap<>();
  private final ArrayList<String> labelBuffer = new ArrayList<>(16);
  private final StringBuilder value = new StringBuilder(64);
  private int lineNumber;
  private boolean ended;

  private ExpositionParser(String source) {
    this.source = source;
  }

  /** Every sample of {@code text}; {@code source} names the page in error messages. */
  public static List<MetricSample> parse(String text, String source)
      throws ExpositionFormatException {
    List<MetricSample> out = new ArrayList<>();
    try {
      parse(new BufferedReader(new StringReader(text)), source, out::add);
    } catch (ExpositionFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("a string reader failed", e);
    }
    return out;
  }

  /** Streams the samples of a page to {@code sink}, line by line. */
  public static void parse(BufferedReader in, String source, Consumer<MetricSample> sink)
      throws IOException {
    ExpositionParser p = new ExpositionParser(source);
    String line;
    while ((line = in.readLine()) != null) {
      MetricSample s = p.line(line);
      if (s != null) {
        sink.accept(s);
      }
    }
  }

  /** Reads one line: its sample, or null for a comment or blank line. */
  private MetricSample line(String line) throws ExpositionFormatException {
    lineNumber++;
    if (ended) {
      if (line.isEmpty()) {
        return null;
      }
      throw error("text after '# EOF'", line);
    }
    int n = line.length();
    int i = skipSpaces(line, 0);
    if (i == n) {
      return null;
    }
    if (line.charAt(i) == '#') {
      if (line.startsWith("# EOF", i) && line.substring(i).trim().equals("# EOF")) {
        ended = true;
      }
      return null;
    }
    int nameStart = i;
    while (i < n && isNameChar(line.charAt(i), i == nameStart)) {
      i++;
    }
    if (i == nameStart) {
      throw error("expected a metric name", line);
    }
    String name = intern(names, line, nameStart, i);
    String[] labels = NO_LABELS;
    if (i < n && line.charAt(i) == '{') {
      i = labels(line, i + 1);
      labels = labelBuffer.toArray(new String[0]);
    }
    if (i >= n || (line.charAt(i) != ' ' && line.charAt(i) != '\t')) {
      throw error("expected a space and a value after " + name, line);
    }
    i = skipSpaces(line, i);
    int valueEnd = i;
    while (valueEnd < n && line.charAt(valueEnd) != ' ' && line.charAt(valueEnd) != '\t') {
      valueEnd++;
    }
    double v = number(line, i, valueEnd);
    i = skipSpaces(line, valueEnd);
    if (i < n && line.charAt(i) != '#') {
      // A timestamp: milliseconds (text format) or seconds with a fraction (OpenMetrics).
      int tsEnd = i;
      while (tsEnd < n && line.charAt(tsEnd) != ' ' && line.charAt(tsEnd) != '\t') {
        tsEnd++;
      }
      number(line, i, tsEnd);
      i = skipSpaces(line, tsEnd);
    }
    if (i < n) {
      if (line.charAt(i) != '#') {
        throw error("unexpected text after the value", line);
      }
      exemplar(line, i + 1);
    }
    return new MetricSample(name, labels, v);
  }

  private static final String[] NO_LABELS = new String[0];

  /**
   * Reads {@code a="b",...}} from just past the brace; returns the index past the closing brace.
   */
  private int labels(String line, int i) throws ExpositionFormatException {
    labelBuffer.clear();
    int n = line.length();
    while (true) {
      i = skipSpaces(line, i);
      if (i >= n) {
        throw error("unterminated label set", line);
      }
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int keyStart = i;
      while (i < n && isNameChar(line.charAt(i), i == keyStart) && line.charAt(i) != ':') {
        i++;
      }
      if (i == keyStart) {
        throw error("expected a label name", line);
      }
      String key = intern(labelNames, line, keyStart, i);
      i = skipSpaces(line, i);
      if (i >= n || line.charAt(i) != '=') {
        throw error("expected '=' after label " + key, line);
      }
      i = skipSpaces(line, i + 1);
      if (i >= n || line.charAt(i) != '"') {
        throw error("expected a quoted value for label " + key, line);
      }
      i++;
      value.setLength(0);
      boolean closed = false;
      while (i < n) {
        char c = line.charAt(i++);
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i >= n) {
            break;
          }
          char e = line.charAt(i++);
          switch (e) {
            case 'n' -> value.append('\n');
            case '\\' -> value.append('\\');
            case '"' -> value.append('"');
            default -> throw error("unknown escape \\" + e + " in label " + key, line);
          }
        } else {
          value.append(c);
        }
      }
      if (!closed) {
        throw error("unterminated value of label " + key, line);
      }
      labelBuffer.add(key);
      labelBuffer.add(value.toString());
      i = skipSpaces(line, i);
      if (i < n && line.charAt(i) == ',') {
        i++;
      } else if (i >= n || line.charAt(i) != '}') {
        throw error("expected ',' or '}' after label " + key, line);
      }
    }
  }

  /**
   * An OpenMetrics exemplar after {@code #}: {@code {labels} value [timestamp]}; checked, dropped.
   */
  private void exemplar(String line, int i) throws ExpositionFormatException {
    int n = line.length();
    i = skipSpaces(line, i);
    if (i >= n || line.charAt(i) != '{') {
      throw error("expected an exemplar's label set after '#'", line);
    }
    i = skipSpaces(line, labels(line, i + 1));
    int end = i;
    while (end < n && line.charAt(end) != ' ') {
      end++;
    }
    number(line, i, end);
    i = skipSpaces(line, end);
    if (i < n) {
      end = i;
      while (end < n && line.charAt(end) != ' ') {
        end++;
      }
      number(line, i, end);
      if (skipSpaces(line, end) < n) {
        throw error("unexpected text after the exemplar", line);
      }
    }
  }

  private double number(String line, int from, int to) throws ExpositionFormatException {
    if (from >= to) {
      throw error("missing value", line);
    }
    char c = line.charAt(from);
    if (c == 'N' || c == '+' || c == '-' || c == 'I' || c == 'i' || c == 'n') {
      String s = line.substring(from, to);
      switch (s) {
        case "NaN":
        case "nan":
          return Double.NaN;
        case "+Inf":
        case "Inf":
        case "+inf":
        case "inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
        case "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    long whole = 0;
    int i = from;
    boolean negative = false;
    if (c == '-' || c == '+') {
      negative = c == '-';
      i++;
    }
    int digits = 0;
    while (i < to && digits < 18) {
      char d = line.charAt(i);
      if (d < '0' || d > '9') {
        break;
      }
      whole = whole * 10 + (d - '0');
      digits++;
      i++;
    }
    if (i == to && digits > 0) {
      return negative ? -whole : whole;
    }
    try {
      return Double.parseDouble(line.substring(from, to));
    } catch (NumberFormatException e) {
      throw error("'" + line.substring(from, to) + "' is not a number", line);
    }
  }

  private static int skipSpaces(String line, int i) {
    int n = line.length();
    while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isNameChar(char c, boolean first) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || c == ':'
        || (!first && c >= '0' && c <= '9');
  }

  /** Names repeat on every line of a page: keep one String per distinct name. */
  private static String intern(Map<String, String> pool, String line, int from, int to) {
    String s = line.substring(from, to);
    String known = pool.putIfAbsent(s, s);
    return known == null ? s : known;
  }

  private ExpositionFormatException error(String problem, String line) {
    return new ExpositionFormatException(source, lineNumber, problem, line);
  }
}
