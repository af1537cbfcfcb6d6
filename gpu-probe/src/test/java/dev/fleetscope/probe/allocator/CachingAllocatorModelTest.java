package dev.fleetscope.probe.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.probe.workload.DType;
import dev.fleetscope.probe.workload.Tensor;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadPresets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Golden layouts worked out by hand from the caching allocator's rules, and properties that hold
 * for any sequence. (The model also matched PyTorch's real allocator exactly on an H100 for 10
 * workload/setting pairs: docs/benchmarks.md.)
 */
class CachingAllocatorModelTest {
  private static final long MIB = 1L << 20;

  /** A workload from a compact script: positive numbers allocate that many bytes, -i frees #i. */
  private static Workload script(long... steps) {
    Workload.Builder b = new Workload.Builder("script", "test");
    for (long s : steps) {
      if (s > 0) {
        b.alloc(new Tensor("t" + b.tensorCount(), DType.UINT8, s));
      } else {
        b.free((int) -s - 1);
      }
    }
    return b.build();
  }

  private static List<String> layout(ModelResult r) {
    List<String> out = new ArrayList<>();
    for (SegmentLayout s : r.segments()) {
      StringBuilder b =
          new StringBuilder(s.small() ? "small " : "large ").append(s.size()).append(':');
      for (BlockLayout block : s.blocks()) {
        b.append(' ')
            .append(block.allocated() ? block.tensor() + "=" : "free=")
            .append(block.size());
      }
      out.add(b.toString());
    }
    return out;
  }

  @Test
  void smallRequestsAreRoundedSplitAndReusedBestFit() {
    // t0 1000 B -> 1024; t1 3000 B -> 3072; free t0; t2 500 B -> 512 in t0's old block, split.
    ModelResult r =
        CachingAllocatorModel.replay(script(1000, 3000, -1, 500), AllocatorConfig.DEFAULT);
    assertThat(layout(r))
        .containsExactly("small 2097152: t2=512 free=512 t1=3072 free=" + (2 * MIB - 4096));
    assertThat(r.stats().allocated()).isEqualTo(512 + 3072);
    assertThat(r.stats().requested()).isEqualTo(500 + 3000);
    assertThat(r.stats().inactiveSplitBytes()).isEqualTo(512 + 2 * MIB - 4096);
    assertThat(r.stats().cudaMallocs()).isEqualTo(1);
  }

  @Test
  void mediumRequestsShareTwentyMebibyteSegmentsAndSplitAboveOneMebibyte() {
    ModelResult r =
        CachingAllocatorModel.replay(script(5 * MIB, 12 * MIB), AllocatorConfig.DEFAULT);
    assertThat(layout(r)).containsExactly("large 20971520: t0=5242880 t1=12582912 free=3145728");
  }

  @Test
  void aRemainderOfOneMebibyteOrLessStaysInTheBlock() {
    // 11 MiB gets its own segment rounded to 12 MiB; the 1 MiB left is not split off.
    ModelResult r = CachingAllocatorModel.replay(script(11 * MIB), AllocatorConfig.DEFAULT);
    assertThat(layout(r)).containsExactly("large 12582912: t0=12582912");
    assertThat(r.stats().allocated()).isEqualTo(12 * MIB);
    assertThat(r.stats().requested()).isEqualTo(11 * MIB);
  }

  @Test
  void freedNeighboursCoalesce() {
    ModelResult r =
        CachingAllocatorModel.replay(
            script(2 * MIB, 3 * MIB, 4 * MIB, -1, -3, -2), AllocatorConfig.DEFAULT);
    assertThat(layout(r)).containsExactly("large 20971520: free=20971520");
    assertThat(r.stats().largestFreeBlock()).isEqualTo(20 * MIB);
    assertThat(r.stats().externalFragmentation()).isZero();
  }

  @Test
  void maxSplitSizeKeepsSmallRequestsOutOfOversizeBlocks() {
    Workload w = script(30 * MIB, -1, 5 * MIB);
    // Default: the cached 30 MiB block serves the 5 MiB request (split).
    assertThat(CachingAllocatorModel.replay(w, AllocatorConfig.DEFAULT).stats().segments())
        .isEqualTo(1);
    // max_split_size_mb:20: a block of 20 MiB or more is not used for a smaller request.
    ModelResult capped =
        CachingAllocatorModel.replay(w, AllocatorConfig.parse("max_split_size_mb:20"));
    assertThat(layout(capped))
        .containsExactly(
            "large 31457280: free=31457280", "large 20971520: t1=5242880 free=15728640");
  }

  @Test
  void roundupPowerOfTwoDivisionsRoundsToTheNextQuarter() {
    // 1,200,000 B lies between 1 MiB and 2 MiB; in quarters of 256 KiB it rounds up to 1.25 MiB.
    assertThat(CachingAllocatorRounding.blockSize(1_200_000, 4)).isEqualTo(1_310_720);
    assertThat(CachingAllocatorRounding.blockSize(1_200_000, 0)).isEqualTo(1_200_128);
    assertThat(CachingAllocatorRounding.blockSize(1L << 20, 4)).isEqualTo(1L << 20);
    ModelResult r =
        CachingAllocatorModel.replay(
            script(1_200_000), AllocatorConfig.parse("roundup_power2_divisions:4"));
    assertThat(r.stats().allocated()).isEqualTo(1_310_720);
  }

  @Test
  void expandableSegmentsGrowByWholePagesAtTheEnd() {
    ModelResult r =
        CachingAllocatorModel.replay(
            script(5 * MIB, 30 * MIB), AllocatorConfig.parse("expandable_segments:True"));
    // 5 MiB maps one 20 MiB page; 30 MiB uses the free 15 MiB tail plus one more page.
    assertThat(layout(r)).containsExactly("large 41943040: t0=5242880 t1=31457280 free=5242880");
    assertThat(r.segments().get(0).expandable()).isTrue();
    assertThat(r.stats().reserved()).isEqualTo(40 * MIB);
  }

  @Test
  void expandableSegmentsKeepTheirTailForLast() {
    // t0 8 MiB, t1 4 MiB, t2 4.5 MiB in one 20 MiB page; freeing t1 leaves a 4 MiB hole and a
    // 3.5 MiB free tail. A 3 MiB request goes into the hole although the tail is the smaller fit,
    // because the tail could grow.
    Workload w = script(8 * MIB, 4 * MIB, 4 * MIB + MIB / 2, -2, 3 * MIB);
    ModelResult r =
        CachingAllocatorModel.replay(w, AllocatorConfig.parse("expandable_segments:True"));
    assertThat(layout(r))
        .containsExactly(
            "large 20971520: t0=8388608 t3=3145728 free=1048576 t2=4718592 free=3670016");
    // Without expandable segments best fit takes the smaller 3.5 MiB block, whole (the 0.5 MiB
    // left is not worth a split in the large pool).
    assertThat(layout(CachingAllocatorModel.replay(w, AllocatorConfig.DEFAULT)))
        .containsExactly("large 20971520: t0=8388608 free=4194304 t2=4718592 t3=3670016");
  }

  @Test
  void aFullDeviceReleasesCachedSegmentsThenRunsOutOfMemory() {
    AllocatorConfig c = AllocatorConfig.DEFAULT.withCapacity(40 * MIB);
    ModelResult r =
        CachingAllocatorModel.replay(script(15 * MIB, 15 * MIB, -1, -2, 30 * MIB, 30 * MIB), c);
    assertThat(r.stats().cudaFrees()).isEqualTo(2);
    assertThat(r.stats().ooms()).isEqualTo(1);
    assertThat(r.stats().firstOom()).isEqualTo("t3 (31457280 bytes)");
    assertThat(r.addresses()[3]).isEqualTo(-1);
    assertThat(r.stats().reserved()).isEqualTo(30 * MIB);
  }

  @Test
  void llamaWeightsMatchWhatPyTorchReservedOnAnH100() {
    // Measured on an NVIDIA H100 with torch.empty per tensor (docs/benchmarks.md): 195 segments.
    ModelResult r =
        CachingAllocatorModel.replay(
            WorkloadPresets.named("llama3-8b-fp16"), AllocatorConfig.DEFAULT);
    assertThat(r.stats().peakReserved()).isEqualTo(16_196_304_896L);
    assertThat(r.stats().peakAllocated()).isEqualTo(16_060_522_496L);
    assertThat(r.stats().segments()).isEqualTo(195);
  }

  @Test
  void anySequenceKeepsSegmentsTiledRoundedAndCoalesced() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (AllocatorConfig c :
        List.of(
            AllocatorConfig.DEFAULT,
            AllocatorConfig.parse("expandable_segments:True"),
            AllocatorConfig.parse("max_split_size_mb:64,roundup_power2_divisions:8"),
            AllocatorConfig.DEFAULT.withCapacity(512 * MIB))) {
      for (int trial = 0; trial < 20; trial++) {
        Workload w = randomWorkload(rnd, 400);
        int stop = 1 + rnd.nextInt(w.eventCount());
        ModelResult r = CachingAllocatorModel.replay(w, c, stop);
        long allocatedBlocks = 0;
        int allocatedCount = 0;
        for (SegmentLayout s : r.segments()) {
          long expectedOffset = 0;
          BlockLayout previous = null;
          for (BlockLayout b : s.blocks()) {
            assertThat(b.offset()).as("blocks tile their segment").isEqualTo(expectedOffset);
            assertThat(b.size() % 512).as("block sizes are multiples of 512").isZero();
            assertThat(b.size()).isPositive();
            if (previous != null) {
              assertThat(previous.allocated() || b.allocated())
                  .as("no two free neighbours: frees coalesce")
                  .isTrue();
            }
            if (b.allocated()) {
              allocatedBlocks += b.size();
              allocatedCount++;
              assertThat(b.size()).isGreaterThanOrEqualTo(b.requested());
            }
            expectedOffset += b.size();
            previous = b;
          }
          assertThat(expectedOffset).as("blocks cover the segment").isEqualTo(s.size());
        }
        assertThat(allocatedBlocks).isEqualTo(r.stats().allocated());
        assertThat(allocatedCount).isEqualTo(liveAfter(w, stop) - failed(r, w, stop));
        assertThat(r.stats().reserved()).isLessThanOrEqualTo(c.capacityBytes());
      }
    }
  }

  private static Workload randomWorkload(SplittableRandom rnd, int events) {
    Workload.Builder b = new Workload.Builder("random", "test");
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      if (!live.isEmpty() && rnd.nextInt(3) == 0) {
        b.free(live.remove(rnd.nextInt(live.size())));
      } else {
        long size =
            switch (rnd.nextInt(3)) {
              case 0 -> 1 + rnd.nextInt(4096);
              case 1 -> 1 + rnd.nextInt(4 << 20);
              default -> 1 + rnd.nextLong(64L << 20);
            };
        live.add(b.alloc(new Tensor("t" + b.tensorCount(), DType.UINT8, size)));
      }
    }
    return b.build();
  }

  private static int liveAfter(Workload w, int events) {
    int live = 0;
    int[] ev = w.events();
    for (int i = 0; i < events; i++) {
      live += ev[i] >= 0 ? 1 : -1;
    }
    return live;
  }

  /** Tensors allocated (and still live) by event {@code events} that the model could not place. */
  private static int failed(ModelResult r, Workload w, int events) {
    boolean[] live = new boolean[w.tensors().size()];
    int[] ev = w.events();
    for (int i = 0; i < events; i++) {
      live[ev[i] >= 0 ? ev[i] : ~ev[i]] = ev[i] >= 0;
    }
    int n = 0;
    for (int t = 0; t < live.length; t++) {
      if (live[t] && r.addresses()[t] == -1) {
        n++;
      }
    }
    return n;
  }
}
