package dev.fleetscope.services.metrics;

/** Metadata Prometheus holds for a metric name: its type, help text and unit. */
public record PromMetadata(String type, String help, String unit) {}
