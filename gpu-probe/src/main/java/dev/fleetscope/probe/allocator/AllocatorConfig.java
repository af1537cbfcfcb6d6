package dev.fleetscope.probe.allocator;

/**
 * The settings of PyTorch's caching allocator that change its layout, as {@code
 * PYTORCH_CUDA_ALLOC_CONF} spells them.
 *
 * @param maxSplitSize blocks at least this large are never split ({@code max_split_size_mb});
 *     {@link Long#MAX_VALUE} is PyTorch's default (unlimited)
 * @param roundupPower2Divisions round requests up to one of this many steps between powers of two
 *     ({@code roundup_power2_divisions}); 0 or 1 leaves it off
 * @param expandableSegments one growing segment per pool and stream instead of many fixed ones
 * @param capacityBytes device memory the model may reserve; beyond it cached segments are released
 *     and, failing that, the allocation is an out-of-memory; {@link Long#MAX_VALUE} for unlimited
 */
public record AllocatorConfig(
    long maxSplitSize, int roundupPower2Divisions, boolean expandableSegments, long capacityBytes) {

  public static final AllocatorConfig DEFAULT =
      new AllocatorConfig(Long.MAX_VALUE, 0, false, Long.MAX_VALUE);

  public AllocatorConfig {
    if (maxSplitSize != Long.MAX_VALUE && maxSplitSize < CachingAllocatorRounding.LARGE_BUFFER) {
      // PyTorch clamps max_split_size_mb to at least the large-segment size.
      maxSplitSize = CachingAllocatorRounding.LARGE_BUFFER;
    }
    if (roundupPower2Divisions < 0 || Integer.bitCount(Math.max(1, roundupPower2Divisions)) != 1) {
      throw new IllegalArgumentException(
          "roundup_power2_divisions must be a power of two, not " + roundupPower2Divisions);
    }
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
  }

  public AllocatorConfig withMaxSplitSizeMb(long mb) {
    return new AllocatorConfig(mb << 20, roundupPower2Divisions, expandableSegments, capacityBytes);
  }

  public AllocatorConfig withRoundupPower2Divisions(int divisions) {
    return new AllocatorConfig(maxSplitSize, divisions, expandableSegments, capacityBytes);
  }

  public AllocatorConfig withExpandableSegments(boolean on) {
    return new AllocatorConfig(maxSplitSize, roundupPower2Divisions, on, capacityBytes);
  }

  public AllocatorConfig withCapacity(long bytes) {
    return new AllocatorConfig(maxSplitSize, roundupPower2Divisions, expandableSegments, bytes);
  }

  /** The settings as PYTORCH_CUDA_ALLOC_CONF would carry them, e.g. "expandable_segments:True". */
  public String asAllocConf() {
    StringBuilder b = new StringBuilder();
    if (maxSplitSize != Long.MAX_VALUE) {
      b.append("max_split_size_mb:").append(maxSplitSize >> 20);
    }
    if (roundupPower2Divisions > 1) {
      b.append(b.length() > 0 ? "," : "")
          .append("roundup_power2_divisions:")
          .append(roundupPower2Divisions);
    }
    if (expandableSegments) {
      b.append(b.length() > 0 ? "," : "").append("expandable_segments:True");
    }
    return b.toString();
  }

  /**
   * Parses PYTORCH_CUDA_ALLOC_CONF syntax ({@code key:value,key:value}); keys that do not change
   * the layout (garbage_collection_threshold, backend, ...) are rejected so nobody believes they
   * were modelled.
   */
  public static AllocatorConfig parse(String conf) {
    AllocatorConfig c = DEFAULT;
    if (conf == null || conf.isBlank()) {
      return c;
    }
    for (String part : conf.split(",")) {
      String[] kv = part.split(":", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("\"" + part + "\" is not key:value");
      }
      String key = kv[0].trim();
      String value = kv[1].trim();
      try {
        switch (key) {
          case "max_split_size_mb" -> c = c.withMaxSplitSizeMb(Long.parseLong(value));
          case "roundup_power2_divisions" ->
              c = c.withRoundupPower2Divisions(Integer.parseInt(value));
          case "expandable_segments" ->
              c = c.withExpandableSegments(value.equalsIgnoreCase("true"));
          default ->
              throw new IllegalArgumentException(
                  "\""
                      + key
                      + "\" is not modelled; the model knows max_split_size_mb,"
                      + " roundup_power2_divisions and expandable_segments");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": \"" + value + "\" is not a number");
      }
    }
    return c;
  }
}
