package dev.fleetscope.views.gpumemory;

import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.AllocatorTimeline;
import dev.fleetscope.services.gpumemory.Fragmentation;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotDiff;
import dev.fleetscope.services.gpumemory.SnapshotFormatException;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import dev.fleetscope.services.gpumemory.StackFrame;
import dev.fleetscope.services.gpumemory.TraceEntry;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * State of the GPU memory section: the snapshot on screen, where it came from, its fragmentation
 * figures, and what to say about the block under the pointer. A snapshot that fails to open leaves
 * the one on screen and says why.
 */
public final class GpuMemoryViewModel {
  private final SnapshotSource source;
  private final Executor background;
  private final Executor ui;
  private final ReadOnlyObjectWrapper<AllocatorSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<Fragmentation> figures = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper origin = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);

  /** Share of the file read, 0..1; -1 while unknown. */
  private final javafx.beans.property.ReadOnlyDoubleWrapper progress =
      new javafx.beans.property.ReadOnlyDoubleWrapper(-1);

  private final java.util.concurrent.atomic.AtomicLong reportedPercent =
      new java.util.concurrent.atomic.AtomicLong(-1);
  private final java.util.concurrent.atomic.AtomicReference<Thread> reader =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final ReadOnlyObjectWrapper<AllocatorTimeline> timeline = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<AllocatorSnapshot> shown = new ReadOnlyObjectWrapper<>();

  /** The other side of the comparison on screen, if any. */
  private final ReadOnlyObjectWrapper<AllocatorSnapshot> compared = new ReadOnlyObjectWrapper<>();

  private final ReadOnlyStringWrapper moment = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<SnapshotDiff> diff = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<Set<Integer>> differing =
      new ReadOnlyObjectWrapper<>(Set.of());

  public GpuMemoryViewModel(SnapshotSource source, Executor background, Executor ui) {
    this.source = source;
    this.background = background;
    this.ui = ui;
    shown.addListener((o, a, b) -> differing.set(differingIn(b)));
    diff.addListener((o, a, b) -> differing.set(differingIn(shown.get())));
  }

  /**
   * During a comparison, the segments of the layout on screen that have no same-shaped segment on
   * the other side (indices into its segment list); empty otherwise, and while the timeline shows
   * an earlier moment.
   */
  private Set<Integer> differingIn(AllocatorSnapshot on) {
    SnapshotDiff d = diff.get();
    if (d == null || on == null) {
      return Set.of();
    }
    if (on == snapshot.get()) {
      return Set.copyOf(d.unmatchedA());
    }
    return on == compared.get() ? Set.copyOf(d.unmatchedB()) : Set.of();
  }

  /** Opens {@code file} if given, else shows the demo snapshot. */
  public void start(Optional<Path> file) {
    if (file.isPresent()) {
      open(file.get());
    } else {
      load(
          source::demo,
          "Demo: the allocator model's layout of a serving replica (Llama-3-8B weights, KV cache, serving steps) at its most broken-up moment; no GPU needed");
    }
  }

  public void open(Path file) {
    load(
        () ->
            source.open(
                file,
                share -> {
                  // At most a hundred updates reach the FX thread.
                  long pct = Math.round(share * 100);
                  if (reportedPercent.getAndSet(pct) != pct) {
                    ui.execute(() -> progress.set(share));
                  }
                }),
        "Opened " + file.getFileName());
  }

  /**
   * Stops a snapshot that is being read; what was shown before stays. Does nothing when no read is
   * under way.
   */
  public void cancelOpen() {
    Thread t = reader.get();
    if (t != null) {
      t.interrupt();
    }
  }

  private void load(java.util.function.Supplier<AllocatorSnapshot> read, String from) {
    loading.set(true);
    progress.set(-1);
    reportedPercent.set(-1);
    error.set("");
    background.execute(
        () -> {
          reader.set(Thread.currentThread());
          try {
            AllocatorSnapshot s = read.get();
            reader.set(null);
            Thread.interrupted();
            Fragmentation f = Fragmentation.of(s);
            int device = s.traces().isEmpty() ? 0 : s.traces().get(0).device();
            AllocatorTimeline t = s.traces().isEmpty() ? null : new AllocatorTimeline(s, device);
            ui.execute(
                () -> {
                  snapshot.set(s);
                  diff.set(null);
                  compared.set(null);
                  timeline.set(t);
                  shown.set(s);
                  moment.set(
                      t == null
                          ? ""
                          : "End of the recorded history ("
                              + t.events()
                              + " events): the snapshot itself");
                  figures.set(f);
                  origin.set(
                      from
                          + String.format(
                              Locale.ROOT,
                              " — %d segments, %,d blocks, %,d trace entries",
                              f.segments(),
                              f.blocks(),
                              s.traces().size()));
                  loading.set(false);
                });
          } catch (java.util.concurrent.CancellationException e) {
            ui.execute(
                () -> {
                  error.set("Opening cancelled; still showing what was shown before.");
                  loading.set(false);
                });
          } catch (SnapshotFormatException e) {
            ui.execute(
                () -> {
                  error.set(e.getMessage());
                  loading.set(false);
                });
          } catch (RuntimeException e) {
            ui.execute(
                () -> {
                  error.set("Could not open the snapshot (" + e + "); see the log.");
                  loading.set(false);
                });
          } finally {
            reader.set(null);
            // A cancel that came after the read finished must not leak into the next task.
            Thread.interrupted();
          }
        });
  }

  /**
   * Shows the allocator's state after the first {@code k} recorded events (the snapshot itself at
   * the last one); figures follow the state shown.
   */
  public void showAt(int k) {
    AllocatorTimeline t = timeline.get();
    if (t == null) {
      return;
    }
    AllocatorSnapshot s = k >= t.events() ? snapshot.get() : t.stateAt(k);
    shown.set(s);
    figures.set(Fragmentation.of(s));
    if (k >= t.events()) {
      moment.set("End of the recorded history (" + t.events() + " events): the snapshot itself");
      return;
    }
    TraceEntry next = t.event(k);
    long t0 = t.event(0).timeUs();
    moment.set(
        String.format(
            Locale.ROOT,
            "After %,d of %,d events; next: %s %s at 0x%x, %+.3f ms from the first event%s",
            k,
            t.events(),
            next.action().replace('_', ' '),
            bytes(next.size()),
            next.address(),
            (next.timeUs() - t0) / 1000.0,
            next.action().equals("oom") ? "  ← OUT OF MEMORY" : ""));
  }

  /** Compares the snapshot on screen (its end state) with another snapshot file. */
  public void compareWith(Path file) {
    compare(() -> source.open(file));
  }

  /** Compares the snapshot on screen with the allocator model's replay of its history. */
  public void compareWithModel() {
    compare(() -> source.modelOf(snapshot.get()));
  }

  private void compare(java.util.function.Supplier<AllocatorSnapshot> other) {
    AllocatorSnapshot mine = snapshot.get();
    if (mine == null) {
      return;
    }
    loading.set(true);
    error.set("");
    background.execute(
        () -> {
          try {
            AllocatorSnapshot theirs = other.get();
            SnapshotDiff d = SnapshotDiff.of(mine, theirs);
            ui.execute(
                () -> {
                  diff.set(d);
                  compared.set(theirs);
                  loading.set(false);
                });
          } catch (SnapshotFormatException e) {
            ui.execute(
                () -> {
                  error.set(e.getMessage());
                  loading.set(false);
                });
          }
        });
  }

  /**
   * Shows the other side of the comparison in the map (true) or this snapshot again (false), so the
   * two layouts can be flipped between at the same zoom; the figures follow what is shown.
   */
  public void showCompared(boolean other) {
    AllocatorSnapshot s = other && compared.get() != null ? compared.get() : snapshot.get();
    if (s == null) {
      return;
    }
    shown.set(s);
    figures.set(Fragmentation.of(s));
    moment.set(
        other && compared.get() != null
            ? "Showing the other side of the comparison: " + s.source()
            : "");
  }

  /** Ends the comparison: the map shows this snapshot again. */
  public void closeComparison() {
    showCompared(false);
    compared.set(null);
    diff.set(null);
  }

  /** The verdict line of a comparison. */
  public static String verdict(SnapshotDiff d) {
    return d.sameLayout()
        ? String.format(
            Locale.ROOT,
            "Same layout: all %d segments match in size, blocks and states.",
            d.matching())
        : String.format(
            Locale.ROOT,
            "Layouts differ: %d segments match; %d only in this snapshot, %d only in the other"
                + " (marked in orange left of their rows). First difference: %s",
            d.matching(),
            d.onlyInA().size(),
            d.onlyInB().size(),
            !d.onlyInA().isEmpty()
                ? "this snapshot has a " + d.onlyInA().get(0)
                : "the other has a " + d.onlyInB().get(0));
  }

  /** One line of totals for the figures bar. */
  public static String totals(Fragmentation f) {
    return String.format(
        Locale.ROOT,
        "reserved %s · allocated %s · requested %s · pending free %s · cached free %s (inactive split %s,"
            + " largest block %s) · internal fragmentation %.1f%% · external %.1f%% · reserved but not allocated %s",
        bytes(f.reserved()),
        bytes(f.allocated()),
        bytes(f.requested()),
        bytes(f.pendingFree()),
        bytes(f.free()),
        bytes(f.inactiveSplit()),
        bytes(f.largestFree()),
        100 * f.internal(),
        100 * f.external(),
        bytes(f.reservedNotAllocated()));
  }

  /** What to say about a block under the pointer: sizes, address, alignment, segment, stack. */
  public static String describe(SnapshotSegment s, SnapshotBlock b) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%s block at 0x%x: %s",
            b.state().name().toLowerCase(Locale.ROOT).replace('_', ' '),
            b.address(),
            bytes(b.size())));
    if (b.requestedSize() > 0) {
      t.append(
          String.format(
              Locale.ROOT,
              ", requested %s (rounding waste %s)",
              bytes(b.requestedSize()),
              bytes(b.roundingWaste())));
    }
    t.append(", alignment ").append(bytes(b.alignment()));
    long alloc = s.allocatedBytes();
    t.append(
        String.format(
            Locale.ROOT,
            "%nsegment 0x%x (%s, stream %d%s): %s, %s allocated, %s free%s",
            s.address(),
            s.segmentType(),
            s.stream(),
            s.expandable() ? ", expandable" : "",
            bytes(s.totalSize()),
            bytes(alloc),
            bytes(s.freeBytes()),
            alloc == 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    " (%.1f%% internal)",
                    100.0 * (alloc - s.requestedBytes()) / alloc)));
    int shown = 0;
    for (StackFrame f : b.frames()) {
      if (f.filename().equals("??")
          || f.name().startsWith("torch::")
          || f.name().startsWith("c10::")) {
        continue; // the interesting frames are the program's own
      }
      t.append(System.lineSeparator()).append("  at ").append(f);
      if (++shown == 4) {
        break;
      }
    }
    return t.toString();
  }

  public static String bytes(long b) {
    if (b >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
    }
    if (b >= 1L << 20) {
      return String.format(Locale.ROOT, "%.2f MiB", b / 1048576.0);
    }
    if (b >= 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    return b + " B";
  }

  public ReadOnlyObjectProperty<AllocatorSnapshot> snapshotProperty() {
    return snapshot.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Fragmentation> figuresProperty() {
    return figures.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty originProperty() {
    return origin.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<AllocatorTimeline> timelineProperty() {
    return timeline.getReadOnlyProperty();
  }

  /** The state on the map: the snapshot, or a moment of its history. */
  public ReadOnlyObjectProperty<AllocatorSnapshot> shownProperty() {
    return shown.getReadOnlyProperty();
  }

  /** Segments of the layout on screen that the comparison found only on its side. */
  public ReadOnlyObjectProperty<Set<Integer>> differingProperty() {
    return differing.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<SnapshotDiff> diffProperty() {
    return diff.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty momentProperty() {
    return moment.getReadOnlyProperty();
  }

  public javafx.beans.property.ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }
}
