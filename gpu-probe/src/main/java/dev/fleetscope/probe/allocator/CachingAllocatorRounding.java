package dev.fleetscope.probe.allocator;

/**
 * How PyTorch's CUDA caching allocator sizes blocks and segments (constants from its
 * CUDACachingAllocator): every request is rounded up to a multiple of 512 bytes; requests up to 1
 * MiB are served from 2 MiB "small" segments; larger ones below 10 MiB from 20 MiB segments; from
 * 10 MiB up a segment of the request rounded up to 2 MiB is created.
 */
public final class CachingAllocatorRounding {
  public static final long MIN_BLOCK_SIZE = 512;
  public static final long SMALL_SIZE = 1L << 20;
  public static final long SMALL_BUFFER = 2L << 20;
  public static final long LARGE_BUFFER = 20L << 20;
  public static final long MIN_LARGE_ALLOC = 10L << 20;
  public static final long ROUND_LARGE = 2L << 20;

  private CachingAllocatorRounding() {}

  /** The block size a request of {@code bytes} occupies. */
  public static long blockSize(long bytes) {
    return blockSize(bytes, 0);
  }

  /**
   * The block size with {@code roundup_power2_divisions}: above 512 times the divisions, a request
   * is rounded up to the next of {@code divisions} equal steps between its two powers of two.
   */
  public static long blockSize(long bytes, int divisions) {
    if (bytes < 0) {
      throw new IllegalArgumentException("size must not be negative: " + bytes);
    }
    if (bytes < MIN_BLOCK_SIZE) {
      return MIN_BLOCK_SIZE;
    }
    if (divisions > 1 && bytes > MIN_BLOCK_SIZE * divisions) {
      return nextDivision(bytes, divisions);
    }
    return roundUp(bytes, MIN_BLOCK_SIZE);
  }

  private static long nextDivision(long bytes, int divisions) {
    if (Long.bitCount(bytes) == 1) {
      return bytes;
    }
    long floor = Long.highestOneBit(bytes);
    long step = floor >> Integer.numberOfTrailingZeros(divisions);
    if (step == 0) {
      return floor << 1;
    }
    long down = bytes & ~(step - 1);
    return down == bytes ? bytes : down + step;
  }

  /** The size of the segment (one cudaMalloc) created when no cached block fits. */
  public static long segmentSize(long bytes) {
    return segmentSizeForBlock(blockSize(bytes));
  }

  /** The segment size for a block that is already rounded. */
  public static long segmentSizeForBlock(long block) {
    if (block <= SMALL_SIZE) {
      return SMALL_BUFFER;
    }
    if (block < MIN_LARGE_ALLOC) {
      return LARGE_BUFFER;
    }
    return roundUp(block, ROUND_LARGE);
  }

  /** Bytes lost to rounding the request up to its block. */
  public static long roundingWaste(long bytes) {
    return blockSize(bytes) - bytes;
  }

  /** The largest power of two dividing {@code address} (its alignment); 0 has none. */
  public static long alignmentOf(long address) {
    if (address == 0) {
      throw new IllegalArgumentException("address 0 has no alignment");
    }
    return Long.lowestOneBit(address);
  }

  static long roundUp(long value, long multiple) {
    return ((value + multiple - 1) / multiple) * multiple;
  }
}
