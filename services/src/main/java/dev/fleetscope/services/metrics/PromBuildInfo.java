package dev.fleetscope.services.metrics;

/** What {@code /api/v1/status/buildinfo} says about the server. */
public record PromBuildInfo(String version, String revision, String goVersion) {}
