package dev.fleetscope.views.gpumemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

/**
 * Opening a snapshot reports progress, and a cancel stops it leaving the shown snapshot alone; a
 * comparison marks the segments found only on the side on screen.
 */
class GpuMemoryViewModelTest {
  static final AllocatorSnapshot DEMO =
      new AllocatorSnapshot("demo", "dict", List.of(), List.of(), Map.of());

  @Test
  void aSlowReadShowsProgressAndCancelKeepsWhatWasShown() throws Exception {
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    SnapshotSource slow =
        new SnapshotSource() {
          @Override
          public AllocatorSnapshot open(Path file) {
            throw new AssertionError("the progress form is used");
          }

          @Override
          public AllocatorSnapshot open(Path file, DoubleConsumer progress) {
            progress.accept(0.5);
            halfway.countDown();
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              interrupted.countDown();
              throw new java.util.concurrent.CancellationException("snapshot read cancelled");
            }
            return DEMO;
          }

          @Override
          public AllocatorSnapshot demo() {
            return DEMO;
          }

          @Override
          public AllocatorSnapshot modelOf(AllocatorSnapshot snapshot) {
            return snapshot;
          }
        };
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      GpuMemoryViewModel vm = new GpuMemoryViewModel(slow, background, Runnable::run);
      vm.start(java.util.Optional.empty());
      background.submit(() -> {}).get(5, TimeUnit.SECONDS);
      assertThat(vm.snapshotProperty().get()).isSameAs(DEMO);

      vm.open(Path.of("/tmp/huge.pickle"));
      assertThat(halfway.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(vm.loadingProperty().get()).isTrue();
      assertThat(vm.progressProperty().get()).isEqualTo(0.5);

      vm.cancelOpen();
      assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
      background.submit(() -> {}).get(5, TimeUnit.SECONDS);
      assertThat(vm.loadingProperty().get()).isFalse();
      assertThat(vm.errorProperty().get())
          .isEqualTo("Opening cancelled; still showing what was shown before.");
      assertThat(vm.snapshotProperty().get()).isSameAs(DEMO);
      // The worker is not left interrupted for the next task.
      assertThat(background.submit(() -> Thread.currentThread().isInterrupted()).get()).isFalse();
    } finally {
      background.shutdownNow();
    }
  }

  static SnapshotSegment segment(long address, long... blocks) {
    List<SnapshotBlock> out = new java.util.ArrayList<>();
    long at = address;
    long total = 0;
    for (long b : blocks) {
      long size = Math.abs(b);
      out.add(
          new SnapshotBlock(
              at,
              size,
              b > 0 ? size : 0,
              b > 0 ? BlockState.ACTIVE_ALLOCATED : BlockState.INACTIVE,
              List.of()));
      at += size;
      total += size;
    }
    return new SnapshotSegment(0, address, total, 0, "large", false, out);
  }

  @Test
  void aComparisonMarksTheSegmentsOnlyOnTheSideShown() {
    long mib = 1 << 20;
    // Mine: [2 MiB | 20 MiB split 5+15 | 2 MiB]; theirs: [2 MiB | 2 MiB | 20 MiB split 8+12].
    AllocatorSnapshot mine =
        new AllocatorSnapshot(
            "mine",
            "dict",
            List.of(
                segment(0, 2 * mib),
                segment(100 * mib, 5 * mib, -15 * mib),
                segment(200 * mib, -2 * mib)),
            List.of(),
            Map.of());
    AllocatorSnapshot theirs =
        new AllocatorSnapshot(
            "theirs",
            "dict",
            List.of(
                segment(0, 2 * mib),
                segment(50 * mib, -2 * mib),
                segment(100 * mib, 8 * mib, -12 * mib)),
            List.of(),
            Map.of());
    SnapshotSource source =
        new SnapshotSource() {
          @Override
          public AllocatorSnapshot open(Path file) {
            return theirs;
          }

          @Override
          public AllocatorSnapshot demo() {
            return mine;
          }

          @Override
          public AllocatorSnapshot modelOf(AllocatorSnapshot snapshot) {
            return snapshot;
          }
        };
    GpuMemoryViewModel vm = new GpuMemoryViewModel(source, Runnable::run, Runnable::run);
    vm.start(java.util.Optional.empty());
    assertThat(vm.differingProperty().get()).isEmpty();

    vm.compareWith(Path.of("theirs.pickle"));
    assertThat(vm.diffProperty().get().sameLayout()).isFalse();
    assertThat(vm.differingProperty().get()).containsExactly(1);
    assertThat(GpuMemoryViewModel.verdict(vm.diffProperty().get()))
        .contains("1 only in this snapshot, 1 only in the other (marked in orange");

    vm.showCompared(true);
    assertThat(vm.shownProperty().get()).isSameAs(theirs);
    assertThat(vm.differingProperty().get()).containsExactly(2);

    vm.showCompared(false);
    assertThat(vm.differingProperty().get()).containsExactly(1);
    vm.closeComparison();
    assertThat(vm.differingProperty().get()).isEmpty();
  }
}
