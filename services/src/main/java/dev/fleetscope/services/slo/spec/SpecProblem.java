package dev.fleetscope.services.slo.spec;

/**
 * A spec that cannot be used, with where and what: {@code slos.yaml:14: spec.target: expected a
 * percentage such as "99.5", found "ninety"}.
 */
public final class SpecProblem extends RuntimeException {
  private final String where;
  private final String field;

  public SpecProblem(String where, String field, String message) {
    super(where + ": " + (field.isEmpty() ? "" : field + ": ") + message);
    this.where = where;
    this.field = field;
  }

  /** file:line, or the cluster object. */
  public String where() {
    return where;
  }

  /** The field path, e.g. {@code spec.indicator.ratio.errors.metric}. */
  public String field() {
    return field;
  }
}
