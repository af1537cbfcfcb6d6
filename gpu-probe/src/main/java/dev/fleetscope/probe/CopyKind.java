package dev.fleetscope.probe;

/** A copy direction and the kind of host memory on its host side. */
public enum CopyKind {
  H2D_PINNED("H2D", "pinned"),
  H2D_PAGEABLE("H2D", "pageable"),
  D2H_PINNED("D2H", "pinned"),
  D2H_PAGEABLE("D2H", "pageable"),
  D2D("D2D", "device");

  private final String direction;
  private final String memory;

  CopyKind(String direction, String memory) {
    this.direction = direction;
    this.memory = memory;
  }

  public String direction() {
    return direction;
  }

  public String memory() {
    return memory;
  }

  /** Whether the copy crosses the PCIe link (everything but device to device). */
  public boolean crossesLink() {
    return this != D2D;
  }

  public static CopyKind of(String direction, String memory) {
    for (CopyKind k : values()) {
      if (k.direction.equalsIgnoreCase(direction) && k.memory.equalsIgnoreCase(memory)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no copy kind " + direction + "/" + memory);
  }
}
