package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@code --smoke-test}: the real console, in a real X server (xvfb-run) with the
 * GTK toolkit, on the demo fleet, writes one PNG per section and a smoke.json with no errors.
 */
class SmokeTestUnderXvfbTest {
  @TempDir Path dir;

  @Test
  void smokeTestOpensEverySectionAndReportsNoErrors() throws Exception {
    CiRequirements.require(CiRequirements.onPath("xvfb-run"), "xvfb-run (Debian package xvfb)");
    Path out = dir.resolve("smoke");
    List<String> command =
        new ArrayList<>(
            List.of(
                "xvfb-run",
                "-a",
                "-s",
                "-screen 0 1600x1000x24",
                javaBin(),
                "-cp",
                appClasspath(),
                "dev.fleetscope.app.Main",
                "--smoke-test",
                out.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("smoke.log").toFile());
    pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
    pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
    Process p = pb.start();
    boolean finished = p.waitFor(180, TimeUnit.SECONDS);
    String log = Files.readString(dir.resolve("smoke.log"));
    if (!finished) {
      p.destroyForcibly();
    }
    assertThat(finished).as("smoke test finished within 180 s; output:%n%s", log).isTrue();
    assertThat(p.exitValue()).as("exit code; output:%n%s", log).isZero();

    JsonNode smoke = new ObjectMapper().readTree(out.resolve("smoke.json").toFile());
    assertThat(smoke.get("errors").size()).as("errors: %s", smoke.get("errors")).isZero();
    assertThat(smoke.get("startupToFirstFrameMs").asLong()).isPositive();
    assertThat(smoke.get("sections").has("overview")).isTrue();
    BufferedImage png = ImageIO.read(out.resolve("overview.png").toFile());
    assertThat(png.getWidth()).isGreaterThanOrEqualTo(960);
    assertThat(distinctColours(png)).as("a drawn screen, not a blank one").isGreaterThan(50);
    assertThat(out.resolve("dark/overview.png")).exists();
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The console's runtime classpath: this test's, minus the headless Monocle glass. */
  static String appClasspath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.contains("openjfx-monocle") && !e.contains("testfx")) {
        entries.add(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
