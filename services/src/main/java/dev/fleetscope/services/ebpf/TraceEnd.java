package dev.fleetscope.services.ebpf;

/**
 * How a run ended.
 *
 * @param ok true when it ran to its end or was stopped on request
 * @param message one sentence for people: why it ended, or what went wrong and what to do
 * @param lines lines of output read
 */
public record TraceEnd(boolean ok, String message, long lines) {}
