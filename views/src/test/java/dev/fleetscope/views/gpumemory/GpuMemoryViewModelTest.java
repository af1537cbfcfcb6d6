package dev.fleetscope.views.gpumemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

/** Opening a snapshot reports progress, and a cancel stops it leaving the shown snapshot alone. */
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
}
