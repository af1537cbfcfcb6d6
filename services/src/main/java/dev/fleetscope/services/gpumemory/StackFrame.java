package dev.fleetscope.services.gpumemory;

/** One frame of the stack that allocated a block (Python or C++). */
public record StackFrame(String name, String filename, int line) {
  @Override
  public String toString() {
    return name + " (" + filename + (line > 0 ? ":" + line : "") + ")";
  }
}
