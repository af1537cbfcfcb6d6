package dev.fleetscope.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetscope.probe.ProbeUnavailableException;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.fake.FakeGpuProbe;
import dev.fleetscope.probe.jcuda.JCudaProbe;
import dev.fleetscope.probe.result.ProbeJson;
import dev.fleetscope.probe.result.ProbeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeCliTest {
  private static final long GIB = 1L << 30;
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(FakeGpuProbe gpu, String... args) {
    return new ProbeCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            () -> gpu)
        .run(args, Progress.NONE);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFullRunRoundTripsThroughTheResultJson() throws Exception {
    Path json = dir.resolve("result.json");
    int code =
        run(
            new FakeGpuProbe(80 * GIB, true),
            "--workload",
            "kv-cache:blocks=256",
            "--allocator",
            "cudaMalloc,pool,model",
            "--alloc-conf",
            "expandable_segments:True",
            "--transfers",
            "--transfer-max",
            "64K",
            "--out",
            json.toString(),
            "--format",
            "json",
            "--quiet");
    assertThat(code).isZero();
    ProbeResult fromStdout = ProbeJson.read("stdout", stdout());
    ProbeResult fromFile = ProbeJson.read(json.toString(), Files.readString(json));
    assertThat(fromFile).isEqualTo(fromStdout);
    // Written again, it reads back equal: nothing is lost in the schema.
    assertThat(ProbeJson.read("again", ProbeJson.write(fromFile))).isEqualTo(fromFile);
    assertThat(fromFile.allocations()).hasSize(2);
    assertThat(fromFile.model().config().expandableSegments()).isTrue();
    assertThat(fromFile.transfers().points()).hasSize(5 * 3 * 9);
    assertThat(fromFile.devices())
        .singleElement()
        .satisfies(d -> assertThat(d.name()).isEqualTo("Fake H100"));
  }

  @Test
  void theModelNeedsNoGpu() {
    int code = run(new FakeGpuProbe(0, false), "--workload", "llama3-8b-fp16", "--quiet");
    assertThat(code).isZero();
    assertThat(stdout())
        .contains("Modelled  PyTorch caching allocator: peak reserved 15.1 GiB")
        .doesNotContain("Measured");
  }

  @Test
  void noDriverGivesOneClearMessageAndExitCode3() {
    int code =
        run(new FakeGpuProbe(0, false), "--workload", "kv-cache", "--allocator", "cudaMalloc");
    assertThat(code).isEqualTo(ProbeCli.NO_GPU);
    assertThat(stderr()).contains("gpu-probe: no CUDA driver: libcuda.so.1 could not be loaded");
  }

  @Test
  void theRealAdapterSaysSoOnAHostWithoutADriver() {
    boolean driver;
    try {
      new JCudaProbe().devices();
      driver = true;
    } catch (ProbeUnavailableException e) {
      driver = false;
    }
    assumeTrue(
        !driver, "this host has a CUDA device; the no-driver message is checked where none is");
    int code =
        new ProbeCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                JCudaProbe::new)
            .run(new String[] {"--list-devices"}, Progress.NONE);
    assertThat(code).isEqualTo(ProbeCli.NO_GPU);
    assertThat(stderr())
        .isEqualTo(
            "gpu-probe: no CUDA driver: libcuda.so.1 could not be loaded. Install the NVIDIA driver"
                + " (libcuda.so.1), or run the allocator model (--allocator model), which needs no"
                + " GPU"
                + System.lineSeparator());
  }

  @Test
  void aWorkloadThatDoesNotFitIsRefusedWithExitCode4() {
    FakeGpuProbe gpu = new FakeGpuProbe(8 * GIB, true);
    int code = run(gpu, "--workload", "llama3-8b-fp16", "--allocator", "cudaMalloc", "--quiet");
    assertThat(code).isEqualTo(ProbeCli.REFUSED);
    assertThat(stderr()).contains("refused: workload").contains("nothing was allocated");
    assertThat(gpu.allocations).isZero();
  }

  @Test
  void aBadWorkloadFileNamesTheLineAndField() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "tensors:\n  - name: w\n    dtype: fp16\n    shape: [4096, x]\n");
    int code = run(new FakeGpuProbe(0, false), "--workload", bad.toString());
    assertThat(code).isEqualTo(ProbeCli.USAGE);
    assertThat(stderr())
        .isEqualTo(
            "gpu-probe: "
                + bad
                + ":4: tensors[0].shape[1]: expected a whole number, found \"x\""
                + System.lineSeparator());
  }

  @Test
  void usageMistakesSayWhatIsWrong() {
    assertThat(run(new FakeGpuProbe(0, false), "--allocator", "malloc")).isEqualTo(ProbeCli.USAGE);
    assertThat(stderr())
        .contains(
            "unknown allocator \"malloc\"; expected one of cudaMalloc, pool, vmm, pinned, model");
    assertThat(run(new FakeGpuProbe(0, false), "--workload", "no-such-thing"))
        .isEqualTo(ProbeCli.USAGE);
    assertThat(stderr()).contains("no-such-thing: no such file, and not a preset");
    assertThat(run(new FakeGpuProbe(0, false), "--alloc-conf", "backend:cudaMallocAsync"))
        .isEqualTo(ProbeCli.USAGE);
    assertThat(stderr()).contains("--alloc-conf: \"backend\" is not modelled");
    assertThat(run(new FakeGpuProbe(0, false))).isEqualTo(ProbeCli.USAGE);
    assertThat(stderr()).contains("nothing to do");
  }

  @Test
  void eventsExportForReplayElsewhere() throws Exception {
    Path events = dir.resolve("events.txt");
    run(
        new FakeGpuProbe(0, false),
        "--workload",
        "prefill-decode-churn:steps=3",
        "--export-events",
        events.toString(),
        "--quiet");
    List<String> lines = Files.readAllLines(events);
    assertThat(lines.get(0)).matches("\\+ \\d+ req0\\.prompt_ids");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("+"))
        .hasSize((int) lines.stream().filter(l -> l.startsWith("-")).count());
  }

  @Test
  void sizesTakeBinarySuffixes() {
    assertThat(ProbeCli.parseSize("512M")).isEqualTo(512L << 20);
    assertThat(ProbeCli.parseSize("1GiB")).isEqualTo(1L << 30);
    assertThat(ProbeCli.parseSize("4096")).isEqualTo(4096);
  }
}
