package dev.fleetscope.services.gpumemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetscope.services.gpumemory.adapter.TorchSnapshotReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots written by Python's own pickle in the structure PyTorch produces (current dict and the
 * older bare list; protocols 4 and 2), damaged ones, and a real snapshot PyTorch 2.11 wrote on an
 * H100.
 */
class TorchSnapshotReaderTest {
  @TempDir static Path dir;
  private static final Path H100 =
      Path.of("../docs/benchmarks-data/h100-2026-11-24/torch-snapshot-churn100.pickle");

  private static final String FIXTURES =
      """
      import pickle, sys, os
      out = sys.argv[1]
      frame = {'name': 'forward', 'filename': 'model.py', 'line': 42}
      cpp = {'name': 'c10::cuda::CUDACachingAllocator::malloc', 'filename': 'CUDACachingAllocator.cpp', 'line': 0}
      base = 0x7f0000000000
      current = {
        'segments': [
          {'device': 0, 'address': base, 'total_size': 20971520, 'allocated_size': 5242880,
           'active_size': 7340032, 'requested_size': 5000000, 'stream': 0, 'segment_type': 'large',
           'segment_pool_id': (0, 0), 'is_expandable': False, 'frames': [cpp, frame],
           'blocks': [
             {'address': base, 'size': 5242880, 'requested_size': 5000000, 'state': 'active_allocated', 'frames': [cpp, frame], 'a_future_field': 1},
             {'address': base + 5242880, 'size': 2097152, 'requested_size': 2000000, 'state': 'active_pending_free', 'frames': []},
             {'address': base + 7340032, 'size': 13631488, 'requested_size': 0, 'state': 'inactive', 'frames': []}]},
          {'device': 0, 'address': base + 0x4000000, 'total_size': 2097152, 'allocated_size': 512,
           'active_size': 512, 'requested_size': 100, 'stream': 7, 'segment_type': 'small',
           'segment_pool_id': (0, 0), 'is_expandable': False, 'frames': [],
           'blocks': [
             {'address': base + 0x4000000, 'size': 512, 'requested_size': 100, 'state': 'active_allocated', 'frames': [frame]},
             {'address': base + 0x4000200, 'size': 2096640, 'requested_size': 0, 'state': 'inactive', 'frames': []}]}],
        'device_traces': [[
          {'action': 'segment_alloc', 'addr': base, 'size': 20971520, 'stream': 0, 'time_us': 100, 'frames': [cpp]},
          {'action': 'alloc', 'addr': base, 'size': 5242880, 'stream': 0, 'time_us': 101, 'frames': [cpp, frame], 'compile_context': 'N/A'},
          {'action': 'oom', 'addr': 0, 'size': 85899345920, 'stream': 0, 'time_us': 150, 'frames': []}]],
        'allocator_settings': {'PYTORCH_CUDA_ALLOC_CONF': 'expandable_segments:False', 'max_split_size': -1},
        'external_annotations': [],
      }
      with open(os.path.join(out, 'current.pickle'), 'wb') as f:
        pickle.dump(current, f, protocol=4)
      old = [
        {'device': 0, 'address': base, 'total_size': 2097152, 'stream': 0, 'segment_type': 'small',
         'blocks': [
           {'size': 1024, 'state': 'active_allocated', 'history': [{'addr': base, 'real_size': 1000, 'frames': [frame]}]},
           {'size': 2096128, 'state': 'inactive', 'history': []}]}]
      with open(os.path.join(out, 'old.pickle'), 'wb') as f:
        pickle.dump(old, f, protocol=2)
      data = pickle.dumps(current, protocol=4)
      open(os.path.join(out, 'truncated.pickle'), 'wb').write(data[:len(data) // 2])
      open(os.path.join(out, 'number.pickle'), 'wb').write(pickle.dumps(12345, protocol=4))
      bad = {'segments': [{'address': base, 'blocks': []}]}
      open(os.path.join(out, 'no-total.pickle'), 'wb').write(pickle.dumps(bad, protocol=4))
      class Boom:
        def __reduce__(self):
          return (os.system, ('touch ' + os.path.join(out, 'ran-code'),))
      open(os.path.join(out, 'evil.pickle'), 'wb').write(pickle.dumps(Boom(), protocol=2))
      open(os.path.join(out, 'json.pickle'), 'w').write('{"segments": []}')
      """;

  @BeforeAll
  static void writeFixtures() throws Exception {
    boolean python = false;
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      python = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      python = false;
    }
    if (!python) {
      String message =
          "python3 is missing; install it to write the snapshot fixtures (CI installs it in .ci/run)";
      String ci = System.getenv("CI");
      if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
        fail("CI=true but " + message);
      }
      assumeTrue(false, message);
    }
    Path script = dir.resolve("fixtures.py");
    Files.writeString(script, FIXTURES);
    Process p =
        new ProcessBuilder("python3", script.toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  private static AllocatorSnapshot read(String name) {
    return TorchSnapshotReader.forThisHeap().read(dir.resolve(name));
  }

  private static String problem(String name) {
    return catchThrowableOfType(SnapshotFormatException.class, () -> read(name)).getMessage();
  }

  @Test
  void currentSnapshotsKeepBlocksStatesFramesAndHistory() {
    AllocatorSnapshot s = read("current.pickle");
    assertThat(s.format()).isEqualTo("dict");
    assertThat(s.segments()).hasSize(2);
    SnapshotSegment large = s.segments().get(0);
    assertThat(large.segmentType()).isEqualTo("large");
    assertThat(large.blocks())
        .extracting(SnapshotBlock::state)
        .containsExactly(
            BlockState.ACTIVE_ALLOCATED, BlockState.ACTIVE_PENDING_FREE, BlockState.INACTIVE);
    SnapshotBlock first = large.blocks().get(0);
    assertThat(first.roundingWaste()).isEqualTo(5242880 - 5000000);
    assertThat(first.frames())
        .extracting(StackFrame::name)
        .containsExactly("c10::cuda::CUDACachingAllocator::malloc", "forward");
    // The same frame in two places is one object.
    assertThat(s.segments().get(1).blocks().get(0).frames().get(0)).isSameAs(first.frames().get(1));
    assertThat(s.segments().get(1).stream()).isEqualTo(7);
    assertThat(s.traces())
        .extracting(TraceEntry::action)
        .containsExactly("segment_alloc", "alloc", "oom");
    assertThat(s.traces().get(2).size()).isEqualTo(85_899_345_920L);
    assertThat(s.allocatorSettings())
        .containsEntry("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:False");

    Fragmentation f = Fragmentation.of(s);
    assertThat(f.reserved()).isEqualTo(20971520 + 2097152);
    assertThat(f.allocated()).isEqualTo(5242880 + 512);
    assertThat(f.requested()).isEqualTo(5000000 + 100);
    assertThat(f.pendingFree()).isEqualTo(2097152);
    assertThat(f.free()).isEqualTo(13631488 + 2096640);
    assertThat(f.inactiveSplit()).isEqualTo(f.free());
    assertThat(f.largestFree()).isEqualTo(13631488);
    assertThat(f.external())
        .isCloseTo(
            1 - 13631488.0 / (13631488 + 2096640), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void olderListsWithHistoryAreRead() {
    AllocatorSnapshot s = read("old.pickle");
    assertThat(s.format()).isEqualTo("segment list");
    SnapshotBlock b = s.segments().get(0).blocks().get(0);
    assertThat(b.requestedSize()).isEqualTo(1000);
    assertThat(b.frames()).extracting(StackFrame::line).containsExactly(42);
    // Block addresses are worked out from the segment's when the file has none.
    assertThat(s.segments().get(0).blocks().get(1).address()).isEqualTo(0x7f0000000000L + 1024);
  }

  @Test
  void damagedOrForeignFilesGetOneClearMessage() {
    assertThat(problem("truncated.pickle"))
        .contains("truncated.pickle: ")
        .containsAnyOf("truncated", "not a readable pickle");
    assertThat(problem("number.pickle"))
        .endsWith(
            "number.pickle: not a PyTorch memory snapshot: expected a dict with \"segments\" (or a list of segments), found Integer");
    assertThat(problem("no-total.pickle"))
        .endsWith("no-total.pickle: segments[0].total_size: is missing");
    assertThat(problem("json.pickle"))
        .endsWith(
            "json.pickle: not a pickle (PyTorch writes snapshots with pickle protocol 2 or later)");
  }

  @Test
  void aPickleThatWouldRunCodeIsOnlyData() {
    assertThat(problem("evil.pickle")).contains("evil.pickle: not a readable pickle");
    assertThat(dir.resolve("ran-code")).doesNotExist();
  }

  @Test
  void aFileTooLargeForTheHeapIsRefusedBeforeReading() {
    SnapshotFormatException e =
        catchThrowableOfType(
            SnapshotFormatException.class,
            () -> new TorchSnapshotReader(100).read(dir.resolve("current.pickle")));
    assertThat(e.getMessage())
        .contains("is more than this console reads with its memory (100 bytes)");
  }

  @Test
  void progressIsReportedAndAnInterruptedReadIsCancelled() throws Exception {
    java.util.List<long[]> reports = new java.util.ArrayList<>();
    TorchSnapshotReader.forThisHeap().read(H100, (done, of) -> reports.add(new long[] {done, of}));
    long size = java.nio.file.Files.size(H100);
    assertThat(reports).isNotEmpty();
    assertThat(reports.get(reports.size() - 1)).containsExactly(size, size);

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> TorchSnapshotReader.forThisHeap().read(H100))
          .isInstanceOf(java.util.concurrent.CancellationException.class)
          .hasMessage("snapshot read cancelled");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aRealSnapshotFromPyTorchOnAnH100() {
    AllocatorSnapshot s = TorchSnapshotReader.forThisHeap().read(H100);
    assertThat(s.segments()).hasSize(10);
    // Counted in the same file with Python's pickle: 6,838 trace entries, 1 GiB in 10 segments.
    assertThat(s.traces().size()).isEqualTo(6838);
    assertThat(s.traces().stream().map(TraceEntry::action).distinct().sorted().toList())
        .containsExactly("alloc", "free_completed", "free_requested", "segment_alloc");
    assertThat(Fragmentation.of(s).reserved()).isEqualTo(1_090_519_040L);
    assertThat(s.allocatorSettings()).containsKey("expandable_segments");
    Fragmentation f = Fragmentation.of(s);
    // The replay freed everything: all reserved memory is cached, nothing allocated.
    assertThat(f.allocated()).isZero();
    assertThat(f.free()).isEqualTo(f.reserved());
    assertThat(s.segments().stream().mapToLong(SnapshotSegment::totalSize).sum())
        .isEqualTo(f.reserved());
    long[] sizes = s.segments().stream().mapToLong(SnapshotSegment::totalSize).sorted().toArray();
    assertThat(Arrays.stream(sizes).allMatch(x -> x % (2 << 20) == 0)).isTrue();
  }
}
