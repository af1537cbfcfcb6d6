package dev.fleetscope.services.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Port: what the cluster views fetch on demand, never at start: one pod in full, the Events of one
 * object, a container's log. Futures complete off the FX thread; failures carry a message meant for
 * the user (context and cause), never a stack trace.
 */
public interface ClusterReads {

  CompletableFuture<PodDetail> pod(String context, String namespace, String name);

  /** Events whose involved object is the given one, newest first. */
  CompletableFuture<List<EventFacts>> events(
      String context, String kind, String namespace, String name);

  /**
   * Streams a container's log: the last {@code tailLines} lines, then (when {@code follow}) new
   * lines as they come. {@code lines} is called from an I/O thread, one line at a time; {@code
   * ended} once, with null on a normal end or the failure's message.
   */
  LogStream logs(
      String context,
      String namespace,
      String pod,
      String container,
      int tailLines,
      boolean follow,
      Consumer<String> lines,
      Consumer<String> ended);

  /** A running log stream; closing stops it. */
  interface LogStream extends AutoCloseable {
    @Override
    void close();
  }

  /** Reads for when nothing is connected: every call fails with that message. */
  ClusterReads NONE =
      new ClusterReads() {
        @Override
        public CompletableFuture<PodDetail> pod(String context, String namespace, String name) {
          return CompletableFuture.failedFuture(notConnected(context));
        }

        @Override
        public CompletableFuture<List<EventFacts>> events(
            String context, String kind, String namespace, String name) {
          return CompletableFuture.failedFuture(notConnected(context));
        }

        @Override
        public LogStream logs(
            String context,
            String namespace,
            String pod,
            String container,
            int tailLines,
            boolean follow,
            Consumer<String> lines,
            Consumer<String> ended) {
          ended.accept(notConnected(context).getMessage());
          return () -> {};
        }

        private IllegalStateException notConnected(String context) {
          return new IllegalStateException("context '" + context + "' is not connected");
        }
      };
}
