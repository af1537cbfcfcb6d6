package dev.fleetscope.services.metrics.exposition;

import java.io.IOException;

/**
 * A metrics page that does not follow the Prometheus text or OpenMetrics format. The message names
 * the source, the line number and what is wrong; the scrape that read it counts as failed.
 */
public final class ExpositionFormatException extends IOException {
  private final int line;

  public ExpositionFormatException(String source, int line, String problem, String text) {
    super(source + " line " + line + ": " + problem + ": " + shorten(text));
    this.line = line;
  }

  /** The 1-based line number of the offending line. */
  public int line() {
    return line;
  }

  private static String shorten(String text) {
    String t = text.length() > 120 ? text.substring(0, 117) + "..." : text;
    return "'" + t.replace("\t", "\\t") + "'";
  }
}
