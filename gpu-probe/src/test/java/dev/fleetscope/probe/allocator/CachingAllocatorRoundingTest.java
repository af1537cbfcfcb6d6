package dev.fleetscope.probe.allocator;

import static dev.fleetscope.probe.allocator.CachingAllocatorRounding.alignmentOf;
import static dev.fleetscope.probe.allocator.CachingAllocatorRounding.blockSize;
import static dev.fleetscope.probe.allocator.CachingAllocatorRounding.roundingWaste;
import static dev.fleetscope.probe.allocator.CachingAllocatorRounding.segmentSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CachingAllocatorRoundingTest {
  private static final long MIB = 1L << 20;

  @Test
  void requestsAreRoundedUpToMultiplesOf512Bytes() {
    assertThat(blockSize(1)).isEqualTo(512);
    assertThat(blockSize(512)).isEqualTo(512);
    assertThat(blockSize(513)).isEqualTo(1024);
    // A 4096 x 4097 fp16 tensor: 33,562,624 bytes is already a multiple of 512.
    assertThat(blockSize(4096L * 4097 * 2)).isEqualTo(4096L * 4097 * 2);
    assertThat(roundingWaste(1000)).isEqualTo(24);
  }

  @Test
  void smallRequestsShareTwoMebibyteSegments() {
    assertThat(segmentSize(4 * 1024)).isEqualTo(2 * MIB);
    assertThat(segmentSize(MIB)).isEqualTo(2 * MIB);
  }

  @Test
  void mediumRequestsGetTwentyMebibyteSegmentsAndLargeOnesAreRoundedToTwoMebibytes() {
    assertThat(segmentSize(MIB + 1)).isEqualTo(20 * MIB);
    assertThat(segmentSize(10 * MIB - 512)).isEqualTo(20 * MIB);
    assertThat(segmentSize(10 * MIB)).isEqualTo(10 * MIB);
    assertThat(segmentSize(10 * MIB + 1)).isEqualTo(12 * MIB);
    assertThat(segmentSize(1_000 * MIB + 3)).isEqualTo(1_002 * MIB);
  }

  @Test
  void alignmentIsTheLargestPowerOfTwoDividingTheAddress() {
    assertThat(alignmentOf(0x7f00_0000_0000L)).isEqualTo(0x0100_0000_0000L);
    assertThat(alignmentOf(0x7f00_0020_0200L)).isEqualTo(0x200);
    assertThat(alignmentOf(3)).isEqualTo(1);
    assertThatThrownBy(() -> alignmentOf(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
