package dev.fleetscope.services.ebpf;

import java.util.ArrayList;
import java.util.List;

/**
 * A map key as bpftrace's JSON output writes it: tuple elements joined by commas ({@code "1,a"}),
 * with stacks ({@code kstack}, {@code ustack}) written as newline-separated frames that may hold
 * commas of their own.
 *
 * @param raw the key as written; empty for a scalar map
 * @param parts the tuple's elements; a stack element keeps its newlines
 */
public record MapKey(String raw, List<String> parts) {
  public static final MapKey NONE = new MapKey("", List.of());

  public MapKey {
    parts = List.copyOf(parts);
  }

  public static MapKey of(String raw) {
    if (raw.isEmpty()) {
      return NONE;
    }
    int firstNewline = raw.indexOf('\n');
    if (firstNewline < 0) {
      return new MapKey(raw, List.of(raw.split(",", -1)));
    }
    // A stack runs from its first newline to its last; anything around it is plain elements.
    int lastNewline = raw.lastIndexOf('\n');
    List<String> parts = new ArrayList<>();
    String before = raw.substring(0, firstNewline);
    if (before.endsWith(",")) {
      for (String p : before.substring(0, before.length() - 1).split(",", -1)) {
        parts.add(p);
      }
      parts.add(raw.substring(firstNewline, lastNewline + 1));
    } else {
      parts.add(raw.substring(0, lastNewline + 1));
    }
    String after = raw.substring(lastNewline + 1);
    if (after.startsWith(",")) {
      for (String p : after.substring(1).split(",", -1)) {
        parts.add(p);
      }
    } else if (!after.isEmpty()) {
      parts.set(parts.size() - 1, parts.get(parts.size() - 1) + after);
    }
    return new MapKey(raw, parts);
  }

  /**
   * The element that is a stack, as frames innermost first (two stacks in a row, kernel then user,
   * read as one); empty when none.
   */
  public List<String> stack() {
    for (String p : parts) {
      if (p.indexOf('\n') >= 0) {
        List<String> frames = new ArrayList<>();
        for (String f : p.split("\n")) {
          String t = f.strip();
          // A lone comma separates two stacks of one key (kstack, ustack).
          if (!t.isEmpty() && !t.equals(",")) {
            frames.add(t);
          }
        }
        return frames;
      }
    }
    return List.of();
  }

  /** True when one element is a stack (even an empty one bpftrace could not walk). */
  public boolean hasStack() {
    for (String p : parts) {
      if (p.indexOf('\n') >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The elements that are not stacks, joined by ", " (e.g. the comm next to a stack). */
  public String label() {
    StringBuilder s = new StringBuilder();
    for (String p : parts) {
      if (p.indexOf('\n') < 0) {
        if (s.length() > 0) {
          s.append(", ");
        }
        s.append(p);
      }
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return raw;
  }
}
