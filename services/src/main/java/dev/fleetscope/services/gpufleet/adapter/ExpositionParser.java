package dev.fleetscope.services.gpufleet.adapter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one sample line of the Prometheus text exposition format: {@code name{a="b",...} value
 * [timestamp]}. Comments and blank lines are not samples. Label values may hold escaped quotes,
 * backslashes and newlines.
 */
final class ExpositionParser {
  private ExpositionParser() {}

  /** A parsed sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** The sample on {@code line}, or null for comments, blank lines and lines it cannot read. */
  static Sample parse(String line) {
    int n = line.length();
    int i = 0;
    while (i < n && line.charAt(i) == ' ') {
      i++;
    }
    if (i == n || line.charAt(i) == '#') {
      return null;
    }
    int nameStart = i;
    while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(nameStart, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (i < n && line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0 || eq + 1 >= n || line.charAt(eq + 1) != '"') {
          return null;
        }
        String key = line.substring(i, eq).trim();
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; j < n && line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\' && j + 1 < n) {
            char e = line.charAt(++j);
            value.append(e == 'n' ? '\n' : e);
          } else {
            value.append(c);
          }
        }
        if (j >= n) {
          return null;
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (i < n && line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    while (i < n && line.charAt(i) == ' ') {
      i++;
    }
    int end = line.indexOf(' ', i);
    String number = end < 0 ? line.substring(i) : line.substring(i, end);
    try {
      double value =
          switch (number) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(number);
          };
      return new Sample(name, labels, value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
