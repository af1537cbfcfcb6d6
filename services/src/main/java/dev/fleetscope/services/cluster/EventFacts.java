package dev.fleetscope.services.cluster;

import java.time.Instant;

/**
 * One Kubernetes Event about an object.
 *
 * @param type Normal or Warning
 * @param lastSeen the latest occurrence, or null when the event has none
 * @param source the component that reported it (e.g. default-scheduler, kubelet)
 */
public record EventFacts(
    String type, String reason, String message, int count, Instant lastSeen, String source) {}
