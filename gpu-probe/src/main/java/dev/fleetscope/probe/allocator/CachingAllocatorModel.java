package dev.fleetscope.probe.allocator;

import static dev.fleetscope.probe.allocator.CachingAllocatorRounding.LARGE_BUFFER;
import static dev.fleetscope.probe.allocator.CachingAllocatorRounding.MIN_BLOCK_SIZE;
import static dev.fleetscope.probe.allocator.CachingAllocatorRounding.SMALL_BUFFER;
import static dev.fleetscope.probe.allocator.CachingAllocatorRounding.SMALL_SIZE;

import dev.fleetscope.probe.workload.Tensor;
import dev.fleetscope.probe.workload.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A model of PyTorch's {@code CUDACachingAllocator} on one device: it replays a workload's
 * allocations and frees and keeps the segments and blocks the allocator would have. It follows the
 * allocator's rules: sizes rounded to 512 B (or to power-of-two divisions); requests up to 1 MiB
 * from the small pool's 2 MiB segments, larger ones from the large pool (20 MiB segments below 10
 * MiB, else the request rounded to 2 MiB); the smallest cached block of the same stream that fits
 * (best fit); splitting a block when the remainder is at least 512 B (small pool) or over 1 MiB and
 * the request is below max_split_size (large pool; with expandable segments large blocks split like
 * small ones); never serving a small request from a block of max_split_size or more, nor an
 * oversize request from a block 20 MiB larger than it; coalescing a freed block with free
 * neighbours in its segment; releasing unused cached segments and retrying when the device is full;
 * and, with expandable segments, one segment per pool and stream that grows by mapping pages at its
 * end.
 *
 * <p>Segment addresses are synthetic: each new segment starts at the next 2 MiB boundary of a
 * private address space, as cudaMalloc places large allocations. Blocks are offsets within them, so
 * alignments are those the allocator would hand out. Not modelled: events recorded on other streams
 * (a block is reusable as soon as it is freed), graph pools, the garbage-collection threshold.
 */
public final class CachingAllocatorModel {
  private static final long SEGMENT_ALIGN = 2L << 20;

  private final AllocatorConfig config;
  private final TreeSet<Block> smallFree = new TreeSet<>(BY_STREAM_SIZE_ADDRESS);
  private final TreeSet<Block> largeFree = new TreeSet<>(BY_STREAM_SIZE_ADDRESS);
  private final List<Segment> segments = new ArrayList<>();
  private final java.util.Map<Long, Segment> expandable = new java.util.HashMap<>();
  private final Block probe = new Block();
  private long nextBase = SEGMENT_ALIGN;
  private long reserved;
  private long allocated;
  private long requested;
  private long peakReserved;
  private long peakAllocated;
  private long peakRequested;
  private long cudaMallocs;
  private long cudaFrees;
  private long ooms;
  private String firstOom;

  private static final Comparator<Block> BY_STREAM_SIZE_ADDRESS =
      (a, b) -> {
        if (a.stream != b.stream) {
          return Integer.compare(a.stream, b.stream);
        }
        if (a.size != b.size) {
          return Long.compare(a.size, b.size);
        }
        return Long.compare(a.address, b.address);
      };

  public CachingAllocatorModel(AllocatorConfig config) {
    this.config = config;
  }

  /** Replays every event of {@code workload} on a fresh model. */
  public static ModelResult replay(Workload workload, AllocatorConfig config) {
    return replay(workload, config, workload.eventCount());
  }

  /** Replays the first {@code events} events; the layout is the one after the last of them. */
  public static ModelResult replay(Workload workload, AllocatorConfig config, int events) {
    CachingAllocatorModel m = new CachingAllocatorModel(config);
    List<Tensor> tensors = workload.tensors();
    Block[] live = new Block[tensors.size()];
    long[] requestedBytes = new long[tensors.size()];
    long[] address = new long[tensors.size()];
    long[] block = new long[tensors.size()];
    int[] eventOfPeak = {-1};
    for (int i = 0; i < tensors.size(); i++) {
      requestedBytes[i] = tensors.get(i).bytes();
      address[i] = -1;
    }
    int[] ev = workload.eventsView();
    long t0 = System.nanoTime();
    for (int i = 0; i < events; i++) {
      int e = ev[i];
      if (e >= 0) {
        Tensor t = tensors.get(e);
        Block b = m.malloc(requestedBytes[e], t.stream(), e, t.name());
        if (b != null) {
          live[e] = b;
          address[e] = b.address;
          block[e] = b.size;
          if (m.allocated == m.peakAllocated) {
            eventOfPeak[0] = i;
          }
        }
      } else {
        Block b = live[~e];
        if (b != null) {
          m.free(b);
          live[~e] = null;
        }
      }
    }
    long nanos = System.nanoTime() - t0;
    return new ModelResult(
        config,
        m.layout(tensors),
        new ModelStats(
            events,
            m.reserved,
            m.allocated,
            m.requested,
            m.peakReserved,
            m.peakAllocated,
            m.peakRequested,
            eventOfPeak[0],
            m.inactiveSplitBytes(),
            m.largestFreeBlock(),
            m.segments.size(),
            m.cudaMallocs,
            m.cudaFrees,
            m.ooms,
            m.firstOom,
            nanos),
        address,
        block);
  }

  /** Allocates; returns null and counts an out-of-memory when the device is full. */
  Block malloc(long bytes, int stream, int tensor, String name) {
    long size = CachingAllocatorRounding.blockSize(bytes, config.roundupPower2Divisions());
    boolean small = size <= SMALL_SIZE;
    TreeSet<Block> pool = small ? smallFree : largeFree;
    Block b = bestFit(pool, size, stream);
    if (b == null) {
      b = config.expandableSegments() ? grow(small, size, stream) : newSegment(small, size, stream);
      if (b == null) {
        ooms++;
        if (firstOom == null) {
          firstOom = name + " (" + bytes + " bytes)";
        }
        return null;
      }
    } else {
      pool.remove(b);
    }
    long remaining = b.size - size;
    if (shouldSplit(small, size, remaining)) {
      Block rest = new Block();
      rest.segment = b.segment;
      rest.stream = stream;
      rest.address = b.address + size;
      rest.size = remaining;
      rest.prev = b;
      rest.next = b.next;
      if (b.next != null) {
        b.next.prev = rest;
      } else {
        b.segment.last = rest;
      }
      b.next = rest;
      b.size = size;
      pool.add(rest);
    }
    b.allocated = true;
    b.tensor = tensor;
    b.requested = bytes;
    allocated += b.size;
    requested += bytes;
    peakAllocated = Math.max(peakAllocated, allocated);
    peakRequested = Math.max(peakRequested, requested);
    return b;
  }

  void free(Block b) {
    allocated -= b.size;
    requested -= b.requested;
    b.allocated = false;
    b.tensor = -1;
    b.requested = 0;
    TreeSet<Block> pool = b.segment.small ? smallFree : largeFree;
    Block prev = b.prev;
    if (prev != null && !prev.allocated) {
      pool.remove(prev);
      prev.size += b.size;
      prev.next = b.next;
      if (b.next != null) {
        b.next.prev = prev;
      } else {
        prev.segment.last = prev;
      }
      b = prev;
    }
    Block next = b.next;
    if (next != null && !next.allocated) {
      pool.remove(next);
      b.size += next.size;
      b.next = next.next;
      if (next.next != null) {
        next.next.prev = b;
      } else {
        b.segment.last = b;
      }
    }
    pool.add(b);
  }

  private Block bestFit(TreeSet<Block> pool, long size, int stream) {
    probe.stream = stream;
    probe.size = size;
    probe.address = Long.MIN_VALUE;
    Block b = pool.ceiling(probe);
    if (b == null || b.stream != stream) {
      return null;
    }
    if (b.next == null && b.segment.expandable) {
      // The free tail of an expandable segment can grow into the unmapped range after it, so
      // best fit counts it as that large: any other free block that fits is taken first.
      Block other = pool.higher(b);
      if (other != null && other.stream == stream) {
        b = other;
      }
    }
    long maxSplit = config.maxSplitSize();
    if (size < maxSplit && b.size >= maxSplit) {
      return null;
    }
    if (size >= maxSplit && b.size >= size + LARGE_BUFFER) {
      return null;
    }
    return b;
  }

  private boolean shouldSplit(boolean small, long size, long remaining) {
    // With expandable segments PyTorch splits large-pool blocks as freely as small ones.
    if (small || config.expandableSegments()) {
      return remaining >= MIN_BLOCK_SIZE;
    }
    return size < config.maxSplitSize() && remaining > SMALL_SIZE;
  }

  private Block newSegment(boolean small, long size, int stream) {
    long segmentSize = CachingAllocatorRounding.segmentSizeForBlock(size);
    if (reserved + segmentSize > config.capacityBytes()) {
      releaseCachedSegments();
      if (reserved + segmentSize > config.capacityBytes()) {
        return null;
      }
    }
    Segment s = new Segment(nextBase, segmentSize, small, stream, false);
    nextBase += (segmentSize + SEGMENT_ALIGN - 1) / SEGMENT_ALIGN * SEGMENT_ALIGN;
    segments.add(s);
    cudaMallocs++;
    addReserved(segmentSize);
    Block b = new Block();
    b.segment = s;
    b.stream = stream;
    b.address = s.base;
    b.size = segmentSize;
    s.first = b;
    s.last = b;
    return b;
  }

  /** Expandable segments: map pages at the end of this pool's segment until the block fits. */
  private Block grow(boolean small, long size, int stream) {
    Segment s = expandable.get(small ? stream * 2L : stream * 2L + 1);
    long page = small ? SMALL_BUFFER : LARGE_BUFFER;
    Block tail = s == null ? null : s.last;
    long have = tail != null && !tail.allocated ? tail.size : 0;
    long grow = (size - have + page - 1) / page * page;
    if (reserved + grow > config.capacityBytes()) {
      return null;
    }
    if (s == null) {
      // A large virtual range is reserved once; pages are mapped into it on demand.
      s = new Segment(nextBase, 0, small, stream, true);
      nextBase += 1L << 40;
      segments.add(s);
      expandable.put(small ? stream * 2L : stream * 2L + 1, s);
    }
    cudaMallocs++;
    s.size += grow;
    addReserved(grow);
    TreeSet<Block> pool = small ? smallFree : largeFree;
    if (have > 0) {
      pool.remove(tail);
      tail.size += grow;
      return tail;
    }
    Block b = new Block();
    b.segment = s;
    b.stream = stream;
    b.address = s.base + s.size - grow;
    b.size = grow;
    b.prev = tail;
    if (tail == null) {
      s.first = b;
    } else {
      tail.next = b;
    }
    s.last = b;
    return b;
  }

  /** Frees every cached segment with nothing allocated in it (PyTorch's release_cached_blocks). */
  private void releaseCachedSegments() {
    segments.removeIf(
        s -> {
          Block only = s.first;
          if (only == null || only.allocated || only.next != null || s.expandable) {
            return false;
          }
          (s.small ? smallFree : largeFree).remove(only);
          reserved -= s.size;
          cudaFrees++;
          return true;
        });
  }

  private void addReserved(long bytes) {
    reserved += bytes;
    peakReserved = Math.max(peakReserved, reserved);
  }

  private long inactiveSplitBytes() {
    long sum = 0;
    for (Segment s : segments) {
      if (s.first != null && (s.first.allocated || s.first.next != null)) {
        for (Block b = s.first; b != null; b = b.next) {
          if (!b.allocated) {
            sum += b.size;
          }
        }
      }
    }
    return sum;
  }

  private long largestFreeBlock() {
    long max = 0;
    for (Block b : smallFree) {
      max = Math.max(max, b.size);
    }
    for (Block b : largeFree) {
      max = Math.max(max, b.size);
    }
    return max;
  }

  private List<SegmentLayout> layout(List<Tensor> tensors) {
    List<SegmentLayout> out = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      List<BlockLayout> blocks = new ArrayList<>();
      for (Block b = s.first; b != null; b = b.next) {
        blocks.add(
            new BlockLayout(
                b.address - s.base,
                b.size,
                b.allocated,
                b.allocated ? tensors.get(b.tensor).name() : null,
                b.requested));
      }
      out.add(new SegmentLayout(s.base, s.size, s.small, s.stream, s.expandable, blocks));
    }
    return out;
  }

  static final class Block {
    Segment segment;
    int stream;
    long address;
    long size;
    long requested;
    boolean allocated;
    int tensor = -1;
    Block prev;
    Block next;
  }

  static final class Segment {
    final long base;
    long size;
    final boolean small;
    final int stream;
    final boolean expandable;
    Block first;
    Block last;

    Segment(long base, long size, boolean small, int stream, boolean expandable) {
      this.base = base;
      this.size = size;
      this.small = small;
      this.stream = stream;
      this.expandable = expandable;
    }
  }
}
