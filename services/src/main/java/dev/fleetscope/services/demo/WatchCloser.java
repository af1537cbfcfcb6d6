package dev.fleetscope.services.demo;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes the demo API server's watches away from its event loop.
 *
 * <p>fabric8's mock server (7.9.0) sends a watch's events from a thread of the watch's own, and
 * each send waits (up to 30 s) for the server's event loop to write it. When the client closes the
 * watch, the server handles the close on that same event loop and there waits for the watch's
 * thread to finish: while events are flowing, the two wait on each other until the send gives up,
 * and every connection on that event loop stalls for 30 s (a reconnect to the demo fleet took 31
 * s). Here the close runs on a thread of its own, so the pending sends complete (or fail on the
 * closed socket) and the close finishes at once.
 *
 * <p>The mock server also stops the watch's thread before it forgets the watch, and a change
 * written in between fails on the stopped thread (the write never gets an answer). So the watch is
 * first taken out of the server's set of watches, under the lock the server's writes hold, and only
 * then closed. That set and lock are private to the mock server and are reached by reflection; if a
 * later fabric8 moves them, the close still runs off the event loop, and {@code DemoApiServerTest}
 * fails on the lost write.
 */
final class WatchCloser implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WatchCloser.class.getName());

  private final ExecutorService closer =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "demo-watch-close");
            thread.setDaemon(true);
            return thread;
          });

  /** The mock server's watches, or null when its internals could not be reached. */
  private final Set<?> watches;

  /** The lock the mock server's writes (and so its watch events) hold, or null. */
  private final Lock writes;

  WatchCloser(KubernetesCrudDispatcher crud) {
    Set<?> set = null;
    Lock lock = null;
    try {
      set = (Set<?>) field(KubernetesCrudDispatcher.class, "watchEventListeners", crud);
      lock = ((ReadWriteLock) field(KubernetesCrudDispatcher.class, "lock", crud)).writeLock();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warning(
          "demo API server: cannot reach the mock server's watches ("
              + e
              + "); a write made while a watch closes may go unanswered");
      set = null;
      lock = null;
    }
    this.watches = set;
    this.writes = lock;
  }

  private static Object field(Class<?> owner, String name, Object target)
      throws ReflectiveOperationException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(target);
  }

  /** {@code response}, or, when it opens a watch, the same watch with its close handled here. */
  MockResponse wrap(MockResponse response) {
    WebSocketListener watch = response == null ? null : response.getWebSocketListener();
    if (watch == null) {
      return response;
    }
    return response.withWebSocketUpgrade(
        new WebSocketListener() {
          @Override
          public void onBeforeAccept(WebSocket socket, Response upgrade) {
            watch.onBeforeAccept(socket, upgrade);
          }

          @Override
          public void onOpen(WebSocket socket, Response upgrade) {
            watch.onOpen(socket, upgrade);
          }

          @Override
          public void onMessage(WebSocket socket, String text) {
            watch.onMessage(socket, text);
          }

          @Override
          public void onMessage(WebSocket socket, ByteString bytes) {
            watch.onMessage(socket, bytes);
          }

          @Override
          public void onMessage(WebSocket socket, byte[] bytes) {
            watch.onMessage(socket, bytes);
          }

          @Override
          public void onClosing(WebSocket socket, int code, String reason) {
            watch.onClosing(socket, code, reason);
          }

          @Override
          public void onClosed(WebSocket socket, int code, String reason) {
            closeLater(watch, () -> watch.onClosed(socket, code, reason));
          }

          @Override
          public void onFailure(WebSocket socket, Throwable failure, Response upgrade) {
            closeLater(watch, () -> watch.onFailure(socket, failure, upgrade));
          }
        });
  }

  private void closeLater(WebSocketListener watch, Runnable close) {
    try {
      closer.execute(
          () -> {
            try {
              forget(watch);
              close.run();
            } catch (RuntimeException e) {
              // The server is shutting down under the watch; nothing is left to close.
              LOG.log(Level.FINE, "demo API server: closing a watch", e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.fine("demo API server closed before a watch's close was handled");
    }
  }

  /** Takes {@code watch} out of the mock server's watches while no write is sending it events. */
  private void forget(WebSocketListener watch) {
    if (watches == null) {
      return;
    }
    writes.lock();
    try {
      watches.remove(watch);
    } finally {
      writes.unlock();
    }
  }

  @Override
  public void close() {
    closer.shutdown();
  }
}
