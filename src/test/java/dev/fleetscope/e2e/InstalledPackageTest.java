package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb as a user gets it: built by packaging/jpackage/package.sh from this build's jars,
 * installed with dpkg -i, started from the installed launcher with --smoke-test under xvfb-run, and
 * removed with dpkg -r leaving nothing behind. It installs a package system-wide, so outside CI it
 * runs only when FLEETSCOPE_TEST_PACKAGE=1 asks for it.
 */
class InstalledPackageTest {
  static final Path INSTALL_DIR = Path.of("/opt/fleetscope");
  static final Path ON_PATH = Path.of("/usr/bin/fleetscope");
  static final Path MENU_ENTRY = Path.of("/usr/share/applications/fleetscope.desktop");

  @TempDir Path dir;

  @Test
  void theDebInstallsStartsAndUninstallsCleanly() throws Exception {
    assumeTrue(
        CiRequirements.inCi() || "1".equals(System.getenv("FLEETSCOPE_TEST_PACKAGE")),
        "installs a .deb system-wide: set FLEETSCOPE_TEST_PACKAGE=1 to run it here (CI runs it)");
    CiRequirements.require(
        "root".equals(System.getProperty("user.name")), "root (dpkg -i needs it)");
    for (String program : List.of("dpkg", "dpkg-deb", "fakeroot", "xvfb-run", "python3", "unzip")) {
      CiRequirements.require(CiRequirements.onPath(program), program);
    }
    CiRequirements.require(
        Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", "jpackage")),
        "jpackage (a full JDK 17+)");
    assertThat(run(dir.resolve("status.log"), 60, "dpkg", "-s", "fleetscope"))
        .as("fleetscope must not be installed before this test; remove it with dpkg -r fleetscope")
        .isNotZero();

    // Build the package from what this build made.
    Path root = Path.of("").toAbsolutePath();
    Path buildLog = dir.resolve("package.log");
    int built =
        run(
            buildLog,
            900,
            Map.of("PATH", System.getProperty("java.home") + "/bin:" + System.getenv("PATH")),
            root.resolve("packaging/jpackage/package.sh").toString(),
            "--no-build",
            "deb");
    assertThat(built).as("package.sh; output:%n%s", Files.readString(buildLog)).isZero();
    Path deb;
    try (Stream<Path> files = Files.list(root.resolve("dist"))) {
      deb =
          files
              .filter(f -> f.getFileName().toString().matches("fleetscope_.*_amd64\\.deb"))
              .findFirst()
              .orElseThrow();
    }
    Path info = dir.resolve("info.log");
    assertThat(run(info, 60, "dpkg-deb", "-f", deb.toString(), "Depends")).isZero();
    assertThat(Files.readString(info)).contains("libgtk-3-0");
    Path contents = dir.resolve("contents.log");
    assertThat(run(contents, 60, "dpkg-deb", "-c", deb.toString())).isZero();
    List<String> paths = new ArrayList<>();
    for (String line : Files.readAllLines(contents)) {
      paths.add(line.substring(line.lastIndexOf(' ') + 1));
    }
    assertThat(paths)
        .as("every file of the package lies under /opt/fleetscope")
        .allMatch(p -> p.equals("./") || p.startsWith("./opt/"))
        .contains("./opt/fleetscope/bin/fleetscope", "./opt/fleetscope/lib/fleetscope.classlist");

    boolean menus = Files.isDirectory(MENU_ENTRY.getParent());
    try {
      Path install = dir.resolve("install.log");
      assertThat(run(install, 300, "dpkg", "-i", deb.toString()))
          .as("dpkg -i; output:%n%s", Files.readString(install))
          .isZero();
      assertThat(Files.readString(install)).contains("start-up archive written");
      assertThat(INSTALL_DIR.resolve("lib/app/fleetscope.jsa")).isNotEmptyFile();
      assertThat(Files.readSymbolicLink(ON_PATH)).isEqualTo(INSTALL_DIR.resolve("bin/fleetscope"));
      assertThat(Files.exists(MENU_ENTRY)).isEqualTo(menus);

      // Start the installed console the way a user would, in a fresh home.
      Path home = dir.resolve("home");
      Path smoke = dir.resolve("smoke");
      Path smokeLog = dir.resolve("smoke.log");
      int ran =
          run(
              smokeLog,
              240,
              Map.of(
                  "HOME", home.toString(),
                  "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                  "XDG_STATE_HOME", home.resolve(".local/state").toString()),
              "xvfb-run",
              "-a",
              "-s",
              "-screen 0 1600x1000x24",
              ON_PATH.toString(),
              "--smoke-test",
              smoke.toString());
      assertThat(ran).as("installed smoke test; output:%n%s", Files.readString(smokeLog)).isZero();
      JsonNode report = new ObjectMapper().readTree(smoke.resolve("smoke.json").toFile());
      assertThat(report.get("errors").size()).as("errors: %s", report.get("errors")).isZero();
      assertThat(report.get("startupToFirstFrameMs").asLong()).isPositive();
      assertThat(report.get("sections").has("overview")).isTrue();
      assertThat(smoke.resolve("overview.png")).isNotEmptyFile();
      // JavaFX's natives come from the runtime image, not unpacked into the user's home.
      assertThat(home.resolve(".openjfx")).doesNotExist();
    } finally {
      Path remove = dir.resolve("remove.log");
      int removed = run(remove, 120, "dpkg", "-r", "fleetscope");
      assertThat(removed).as("dpkg -r; output:%n%s", Files.readString(remove)).isZero();
    }
    assertThat(INSTALL_DIR).as("nothing left behind").doesNotExist();
    assertThat(Files.exists(ON_PATH, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(MENU_ENTRY).doesNotExist();
    // dpkg keeps a removed package's maintainer scripts on record until it is purged; no file of
    // it remains (only /opt, which other packages share).
    Path listed = dir.resolve("listed.log");
    run(listed, 60, "dpkg", "-L", "fleetscope");
    assertThat(Files.readAllLines(listed)).allMatch(l -> l.equals("/opt") || !l.startsWith("/"));
    assertThat(run(dir.resolve("purge.log"), 60, "dpkg", "-P", "fleetscope")).isZero();
    assertThat(run(dir.resolve("after.log"), 60, "dpkg", "-s", "fleetscope")).isNotZero();
  }

  private static int run(Path log, int seconds, String... command)
      throws IOException, InterruptedException {
    return run(log, seconds, Map.of(), command);
  }

  private static int run(Path log, int seconds, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command)
              + " ran past "
              + seconds
              + " s; output:\n"
              + Files.readString(log));
    }
    return p.exitValue();
  }
}
