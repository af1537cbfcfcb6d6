package dev.fleetscope.services.cluster.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The preload (ADR 0024) contacts no server and leaves no file behind. */
class ClientPreloadTest {
  private static long preloadFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("fleetscope-preload")).count();
    }
  }

  @Test
  void loadsTheClientWithoutContactingItsSampleServerOrLeavingItsKubeconfig() throws Exception {
    long before = preloadFiles();
    // The sample context names 127.0.0.1:9; listen there, where the machine lets us, to see
    // that nothing connects.
    ServerSocket discard = null;
    try {
      discard = new ServerSocket(9, 1, InetAddress.getLoopbackAddress());
      discard.setSoTimeout(300);
    } catch (IOException e) {
      discard = null; // port 9 is taken or needs privileges: the file check still runs
    }
    try {
      ClientPreload.run();
      if (discard != null) {
        boolean contacted;
        try (var ignored = discard.accept()) {
          contacted = true;
        } catch (SocketTimeoutException e) {
          contacted = false;
        }
        assertThat(contacted).as("a connection to the sample server").isFalse();
      }
    } finally {
      if (discard != null) {
        discard.close();
      }
    }
    assertThat(preloadFiles()).isEqualTo(before);
  }
}
