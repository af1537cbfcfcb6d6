package dev.fleetscope.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portable gpu-probe bundle the build makes: small enough, self-contained (its own runtime,
 * only the JCuda natives it needs), and it runs on a host with no JDK on the path.
 */
class ProbeBundleTest {
  @TempDir static Path dir;
  private static Path tarball;
  private static Path bundle;

  @BeforeAll
  static void unpack() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("gpu-probe/target"))) {
      tarball =
          files
              .filter(
                  p -> p.getFileName().toString().matches("gpu-probe-.*-linux-x86_64\\.tar\\.gz"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("the build made no gpu-probe bundle"));
    }
    Process tar =
        new ProcessBuilder("tar", "-C", dir.toString(), "-xzf", tarball.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    bundle = dir.resolve("gpu-probe");
  }

  @Test
  void isAtMostSixtyMegabytesWithOnlyTheNativesItNeeds() throws IOException {
    assertThat(Files.size(tarball)).isLessThanOrEqualTo(60_000_000L);
    assertThat(bundle.resolve("runtime/bin/java")).isExecutable();
    assertThat(bundle.resolve("bin/gpu-probe")).isExecutable();
    Path natives;
    try (Stream<Path> libs = Files.list(bundle.resolve("lib"))) {
      natives =
          libs.filter(p -> p.getFileName().toString().startsWith("jcuda-natives"))
              .findFirst()
              .orElseThrow();
    }
    try (ZipFile zip = new ZipFile(natives.toFile())) {
      List<String> so = zip.stream().map(e -> e.getName()).filter(n -> n.endsWith(".so")).toList();
      assertThat(so)
          .containsExactlyInAnyOrder(
              "lib/libJCudaDriver-12.6.0-linux-x86_64.so",
              "lib/libJCudaRuntime-12.6.0-linux-x86_64.so");
    }
  }

  @Test
  void runsTheModelWithItsOwnRuntimeAndNoJavaOnThePath() throws Exception {
    Result r = run("--workload", "llama3-8b-fp16", "--quiet");
    assertThat(r.code).isZero();
    assertThat(r.out).contains("Modelled  PyTorch caching allocator: peak reserved 15.1 GiB");
    assertThat(run("--version").out).startsWith("gpu-probe ");
  }

  @Test
  void saysClearlyWhenThereIsNoDriver() throws Exception {
    assumeTrue(
        !Files.exists(Path.of("/dev/nvidiactl")),
        "this host has an NVIDIA device; the no-driver message is checked where there is none");
    Result r = run("--list-devices");
    assertThat(r.code).isEqualTo(3);
    assertThat(r.err).startsWith("gpu-probe: no CUDA driver: libcuda.so.1 could not be loaded.");
    assertThat(r.err).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of(bundle.resolve("bin/gpu-probe").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    // No java on the path and no JAVA_HOME: the bundle must bring its own. The launcher needs
    // only dirname besides the shell.
    Path tools = dir.resolve("tools");
    if (!Files.exists(tools)) {
      Files.createDirectories(tools);
      Files.createSymbolicLink(tools.resolve("dirname"), Path.of("/usr/bin/dirname"));
    }
    pb.environment().put("PATH", tools.toString());
    pb.environment().remove("JAVA_HOME");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
