package dev.fleetscope.views.overview;

import dev.fleetscope.services.cluster.GpuProductCapacity;

/** A GPU product in one cluster, for the "GPUs by product" table. */
public record ProductRow(String cluster, GpuProductCapacity capacity) {}
