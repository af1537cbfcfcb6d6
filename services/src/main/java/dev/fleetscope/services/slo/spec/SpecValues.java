package dev.fleetscope.services.slo.spec;

import dev.fleetscope.services.slo.PromDurations;
import dev.fleetscope.services.slo.Selector;
import java.time.Duration;

/** Field readers shared by the SLO formats, each failing with the field's location. */
final class SpecValues {
  private SpecValues() {}

  /** A percentage written as a string ("99.5", as Pyrra has it) or number; gives 0.995. */
  static double percent(YamlNode n) {
    String s = n.string().strip();
    if (s.endsWith("%")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw n.problem("expected a percentage such as \"99.5\", found \"" + n.string() + "\"");
    }
    if (!(v > 0 && v < 100)) {
      throw n.problem("the objective must be above 0 and below 100 percent, found " + n.string());
    }
    // Through BigDecimal: 99.9 / 100 in doubles is 0.9990000000000001, not the nearest double to
    // 0.999.
    return new java.math.BigDecimal(s).movePointLeft(2).doubleValue();
  }

  /** A ratio between 0 and 1 exclusive (OpenSLO's target). */
  static double ratio(YamlNode n) {
    double v;
    try {
      v = Double.parseDouble(n.string().strip());
    } catch (NumberFormatException e) {
      throw n.problem(
          "expected a number between 0 and 1 such as 0.995, found \"" + n.string() + "\"");
    }
    if (!(v > 0 && v < 1)) {
      throw n.problem("expected a number between 0 and 1 (exclusive), found " + n.string());
    }
    return v;
  }

  /** "99.5%" or "0.995": a percentage when it has % or is above 1, else a ratio. */
  static double objective(YamlNode n) {
    String s = n.string().strip();
    if (s.endsWith("%")) {
      return percent(n);
    }
    try {
      double v = Double.parseDouble(s);
      return v > 1 ? percent(n) : ratio(n);
    } catch (NumberFormatException e) {
      throw n.problem("expected an objective such as 99.5% or 0.995, found \"" + s + "\"");
    }
  }

  static Duration duration(YamlNode n) {
    try {
      Duration d = PromDurations.parse(n.string());
      if (d.isZero()) {
        throw n.problem("the window must be longer than zero");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw n.problem(e.getMessage());
    }
  }

  static Selector selector(YamlNode n) {
    try {
      return Selector.parse(n.string());
    } catch (IllegalArgumentException e) {
      throw n.problem(e.getMessage());
    }
  }

  /** The latency threshold of a bucket selector, from its {@code le} matcher. */
  static double threshold(YamlNode n, Selector bucket) {
    var le = bucket.matcher("le");
    if (le.isEmpty() || !le.get().op().equals("=")) {
      throw n.problem(
          "the success selector needs le=\"THRESHOLD\" (a bucket boundary, in the histogram's unit)");
    }
    try {
      return Double.parseDouble(le.get().value());
    } catch (NumberFormatException e) {
      throw n.problem("le=\"" + le.get().value() + "\" is not a number");
    }
  }
}
