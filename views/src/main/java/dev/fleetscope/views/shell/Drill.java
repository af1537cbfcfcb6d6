package dev.fleetscope.views.shell;

/**
 * A drill-down: open a section scoped to a cluster (empty = all) with a filter typed in.
 *
 * @param section the target section's id
 * @param query text for the section's filter box, or empty
 */
public record Drill(String section, String cluster, String query) {}
