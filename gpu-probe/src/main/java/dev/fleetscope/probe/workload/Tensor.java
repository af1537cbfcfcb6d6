package dev.fleetscope.probe.workload;

import java.util.Arrays;

/**
 * One tensor of a workload.
 *
 * @param stream the CUDA stream it is allocated on (PyTorch's allocator only reuses a block on the
 *     stream it was allocated on); 0 is the default stream
 */
public record Tensor(String name, long[] shape, DType dtype, int stream) {

  public Tensor {
    shape = shape.clone();
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
    }
  }

  public Tensor(String name, DType dtype, long... shape) {
    this(name, shape, dtype, 0);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public long elements() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Bytes the tensor's storage needs (elements times the dtype's size). */
  public long bytes() {
    return Math.multiplyExact(elements(), dtype.bytes());
  }

  public String shapeText() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      b.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return b.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && name.equals(t.name)
        && Arrays.equals(shape, t.shape)
        && dtype == t.dtype
        && stream == t.stream;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype.label() + shapeText();
  }
}
