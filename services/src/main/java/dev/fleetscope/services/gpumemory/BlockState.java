package dev.fleetscope.services.gpumemory;

import java.util.Locale;

/** A caching-allocator block's state as PyTorch's snapshot names it. */
public enum BlockState {
  /** Handed out to a tensor. */
  ACTIVE_ALLOCATED,
  /** Freed by the program, waiting for stream events before it can be reused. */
  ACTIVE_PENDING_FREE,
  /** Cached: free for reuse. */
  INACTIVE,
  /** A state this version does not know (newer PyTorch); counted as neither free nor allocated. */
  OTHER;

  public static BlockState parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return OTHER;
    }
  }

  public boolean active() {
    return this == ACTIVE_ALLOCATED || this == ACTIVE_PENDING_FREE;
  }
}
