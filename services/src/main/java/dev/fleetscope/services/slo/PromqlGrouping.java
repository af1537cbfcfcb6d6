package dev.fleetscope.services.slo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adds a label to the grouping of every aggregation in a PromQL expression, so that a query written
 * whole (a Sloth {@code events} or {@code raw} query) can be split by a version label: {@code
 * sum(rate(x[5m]))} becomes {@code sum by (version) (rate(x[5m]))}, and {@code sum by (job) (...)}
 * or {@code sum(...) by (job)} gains {@code version}. An aggregation written with {@code without}
 * already keeps every other label and cannot be narrowed this way, and an expression with no
 * aggregation has nothing to add to: both are refused with the reason.
 */
public final class PromqlGrouping {
  private static final Set<String> AGGREGATIONS =
      Set.of("sum", "count", "avg", "min", "max", "group", "stddev", "stdvar");

  private PromqlGrouping() {}

  /**
   * The expression with {@code label} in every aggregation's grouping.
   *
   * @throws IllegalArgumentException why the expression cannot be split
   */
  public static String addLabel(String promql, String label) {
    record Edit(int at, int cut, String text) {}
    List<Edit> edits = new ArrayList<>();
    int found = 0;
    int i = 0;
    int n = promql.length();
    while (i < n) {
      char c = promql.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(promql, i);
        continue;
      }
      if (!isIdentStart(c) || (i > 0 && isIdentPart(promql.charAt(i - 1)))) {
        i++;
        continue;
      }
      int end = i;
      while (end < n && isIdentPart(promql.charAt(end))) {
        end++;
      }
      String word = promql.substring(i, end);
      int next = skipSpace(promql, end);
      if (!AGGREGATIONS.contains(word)) {
        // A selector's labels ({...}) are never aggregations: skip them whole.
        i = next < n && promql.charAt(next) == '{' ? skipBraces(promql, next) : end;
        continue;
      }
      if (startsWord(promql, next, "without")) {
        throw new IllegalArgumentException(
            word + " without (...) keeps every other label already; it cannot be split by one");
      }
      if (startsWord(promql, next, "by")) {
        int open = skipSpace(promql, next + 2);
        int close = promql.indexOf(')', open);
        if (open >= n || promql.charAt(open) != '(' || close < 0) {
          throw new IllegalArgumentException("cannot read the by (...) clause after " + word);
        }
        edits.add(new Edit(close, close, joiner(promql, open, close) + label));
        found++;
        i = close + 1;
        continue;
      }
      if (next < n && promql.charAt(next) == '(') {
        int close = matching(promql, next);
        int after = skipSpace(promql, close + 1);
        if (startsWord(promql, after, "without")) {
          throw new IllegalArgumentException(
              word + " (...) without (...) keeps every other label already; it cannot be split");
        }
        if (startsWord(promql, after, "by")) {
          int open = skipSpace(promql, after + 2);
          int byClose = promql.indexOf(')', open);
          if (open >= n || promql.charAt(open) != '(' || byClose < 0) {
            throw new IllegalArgumentException("cannot read the by (...) clause after " + word);
          }
          edits.add(new Edit(byClose, byClose, joiner(promql, open, byClose) + label));
        } else {
          edits.add(new Edit(end, end, " by (" + label + ")"));
        }
        found++;
        i = next + 1;
        continue;
      }
      i = end;
    }
    if (found == 0) {
      throw new IllegalArgumentException(
          "the query has no aggregation (sum, count, ...) to add the label to");
    }
    StringBuilder out = new StringBuilder(promql);
    edits.sort((a, b) -> Integer.compare(b.at(), a.at()));
    for (Edit e : edits) {
      out.replace(e.at(), e.cut(), e.text());
    }
    return out.toString();
  }

  /** ", " when the by list between open and close already names labels, else "". */
  private static String joiner(String s, int open, int close) {
    return s.substring(open + 1, close).isBlank() ? "" : ", ";
  }

  private static int matching(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i) - 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses");
  }

  private static int skipBraces(String s, int open) {
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i) - 1;
      } else if (c == '}') {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unbalanced braces");
  }

  private static int skipString(String s, int start) {
    char quote = s.charAt(start);
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '`') {
        i++;
      } else if (c == quote) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unterminated string");
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean startsWord(String s, int i, String word) {
    return s.startsWith(word, i)
        && (i + word.length() >= s.length() || !isIdentPart(s.charAt(i + word.length())));
  }

  private static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }
}
