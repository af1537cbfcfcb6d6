package dev.fleetscope.services.common;

/** Handle returned by a source when a listener subscribes; closing it removes the listener. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
