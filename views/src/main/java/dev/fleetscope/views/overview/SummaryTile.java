package dev.fleetscope.views.overview;

import dev.fleetscope.views.widgets.Badge;

/** One of the numbers across the top of the overview. */
public record SummaryTile(String title, String value, String detail, Badge.Severity severity) {}
