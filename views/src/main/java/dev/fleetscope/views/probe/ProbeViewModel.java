package dev.fleetscope.views.probe;

import dev.fleetscope.probe.AllocatorKind;
import dev.fleetscope.probe.ProbeCancelledException;
import dev.fleetscope.probe.ProbeException;
import dev.fleetscope.probe.ProbeRun;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.profile.AllocationProfile;
import dev.fleetscope.probe.profile.TransferPlan;
import dev.fleetscope.probe.result.ProbeJson;
import dev.fleetscope.probe.result.ProbeMarkdown;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.result.ResultFormatException;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State of the GPU probe section: what to run (workload, allocators, allocator settings,
 * transfers), the run in progress (progress, cancel), and the result on screen with where it came
 * from. A result stays on screen until another replaces it; a failed run leaves it and says why.
 */
public final class ProbeViewModel {
  private final ProbeSource source;
  private final Executor background;
  private final Executor ui;
  private final Clock clock;
  private final StringProperty workload = new SimpleStringProperty("llama3-8b-fp16");
  private final StringProperty allocConf = new SimpleStringProperty("");
  private final BooleanProperty transfers = new SimpleBooleanProperty(false);
  private final Map<AllocatorKind, BooleanProperty> allocators = new EnumMap<>(AllocatorKind.class);
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper origin = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<ProbeResult> result = new ReadOnlyObjectWrapper<>();
  private final Optional<String> unavailable;
  private volatile AtomicBoolean cancel = new AtomicBoolean();
  private Optional<Path> initialResult = Optional.empty();

  /**
   * @param background runs the probe (never the FX thread)
   * @param ui where state changes land (the FX thread in the console)
   */
  public ProbeViewModel(ProbeSource source, Executor background, Executor ui, Clock clock) {
    this.source = source;
    this.background = background;
    this.ui = ui;
    this.clock = clock;
    this.unavailable = source.measurementUnavailable();
    for (AllocatorKind k : AllocatorKind.values()) {
      boolean on =
          k == AllocatorKind.MODEL || (unavailable.isEmpty() && k == AllocatorKind.CUDA_MALLOC);
      allocators.put(k, new SimpleBooleanProperty(on));
    }
    status.set(
        unavailable
            .map(
                u ->
                    "This host cannot measure ("
                        + u
                        + "). The allocator model runs here; open a"
                        + " result made on a GPU host to see measurements.")
            .orElse("A CUDA device is present: measured allocators and transfers can run here."));
  }

  /** Runs the probe with the current settings; a run already going is left alone. */
  public void run() {
    if (running.get()) {
      return;
    }
    Workload w;
    AllocatorConfig config;
    try {
      w = source.workload(workload.get().trim());
      config = AllocatorConfig.parse(allocConf.get());
    } catch (WorkloadException e) {
      error.set(e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      error.set("Allocator settings: " + e.getMessage());
      return;
    }
    List<AllocatorKind> kinds = new ArrayList<>();
    allocators.forEach(
        (k, on) -> {
          if (on.get() && (k == AllocatorKind.MODEL || unavailable.isEmpty())) {
            kinds.add(k);
          }
        });
    boolean withTransfers = transfers.get() && unavailable.isEmpty();
    if (kinds.isEmpty() && !withTransfers) {
      error.set("Choose at least one allocator, or transfers.");
      return;
    }
    ProbeRun.Request request =
        new ProbeRun.Request(
            w, kinds, config, withTransfers ? TransferPlan.standard() : null, 0, -1);
    AtomicBoolean stop = new AtomicBoolean();
    cancel = stop;
    running.set(true);
    error.set("");
    progress.set(-1);
    status.set("Running " + w.name() + "…");
    String started = time();
    background.execute(
        () -> {
          try {
            ProbeResult r =
                source.run(
                    request,
                    new Progress() {
                      @Override
                      public void update(String step, long done, long total) {
                        double f = total <= 0 ? -1 : (double) done / total;
                        ui.execute(
                            () -> {
                              progress.set(f);
                              status.set(
                                  step + (total > 1 ? " (" + done + " of " + total + ")" : ""));
                            });
                      }

                      @Override
                      public boolean cancelled() {
                        return stop.get();
                      }
                    });
            ui.execute(
                () ->
                    show(
                        r,
                        (r.measured() ? "Measured" : "Modelled") + " on this host at " + started));
          } catch (ProbeCancelledException e) {
            ui.execute(() -> finish("Cancelled; everything the probe allocated was freed."));
          } catch (ProbeException | IllegalArgumentException e) {
            ui.execute(() -> fail(e.getMessage()));
          } catch (RuntimeException e) {
            ui.execute(() -> fail("The probe failed unexpectedly (" + e + "); see the log."));
          }
        });
  }

  /**
   * Settings from the command line: a result to open at start, or what to run.
   *
   * @param allocators labels as gpu-probe spells them; measured ones are ignored without a GPU
   */
  public void startWith(
      Optional<Path> result, String workloadSpec, List<String> allocatorLabels, String conf) {
    initialResult = result;
    workload.set(workloadSpec);
    allocConf.set(conf);
    allocators.forEach((k, p) -> p.set(false));
    for (String label : allocatorLabels) {
      try {
        allocators.get(AllocatorKind.parse(label.trim())).set(true);
      } catch (IllegalArgumentException e) {
        error.set("--probe-allocator: " + e.getMessage());
      }
    }
  }

  /** What the section does when first shown: open the given result, else preview the model. */
  public void start() {
    if (initialResult.isPresent()) {
      open(initialResult.get());
    } else {
      runModelPreview();
    }
  }

  /** Runs only the allocator model for the current workload (cheap; no GPU), e.g. on first show. */
  public void runModelPreview() {
    Map<AllocatorKind, Boolean> saved = new EnumMap<>(AllocatorKind.class);
    allocators.forEach((k, p) -> saved.put(k, p.get()));
    boolean savedTransfers = transfers.get();
    allocators.forEach((k, p) -> p.set(k == AllocatorKind.MODEL));
    transfers.set(false);
    try {
      run();
    } finally {
      saved.forEach((k, on) -> allocators.get(k).set(on));
      transfers.set(savedTransfers);
    }
  }

  /** Asks the running probe to stop; it frees what it allocated first. */
  public void cancel() {
    if (running.get()) {
      cancel.set(true);
      status.set("Cancelling…");
    }
  }

  /** Opens a result made by gpu-probe (here or on another host). */
  public void open(Path file) {
    background.execute(
        () -> {
          try {
            ProbeResult r = source.open(file);
            ui.execute(
                () ->
                    show(
                        r,
                        "Opened "
                            + file.getFileName()
                            + " (made on "
                            + r.host()
                            + ", "
                            + r.createdAt()
                            + ")"));
          } catch (ResultFormatException | ProbeException e) {
            ui.execute(() -> error.set(e.getMessage()));
          }
        });
  }

  /** Writes the result on screen as JSON (the probe schema) or Markdown. */
  public void export(Path file, boolean markdown) {
    ProbeResult r = result.get();
    if (r == null) {
      error.set("Nothing to export yet: run the probe or open a result.");
      return;
    }
    background.execute(
        () -> {
          try {
            Files.writeString(
                file, markdown ? ProbeMarkdown.of(r) : ProbeJson.write(r), StandardCharsets.UTF_8);
            ui.execute(() -> status.set("Exported to " + file));
          } catch (IOException e) {
            ui.execute(() -> error.set("Could not write " + file + ": " + e.getMessage()));
          }
        });
  }

  private void show(ProbeResult r, String from) {
    result.set(r);
    origin.set(from);
    finish(
        r.problems().isEmpty()
            ? "Done."
            : "Done; " + r.problems().size() + " part(s) could not be measured.");
  }

  private void fail(String message) {
    error.set(message);
    finish("Failed; the result on screen (if any) is the previous one.");
  }

  private void finish(String text) {
    running.set(false);
    progress.set(0);
    status.set(text);
  }

  private String time() {
    return DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
        .withZone(ZoneId.systemDefault())
        .format(clock.instant());
  }

  /** Allocators measured in the result, then the model, for tables and charts. */
  public static List<String> allocatorsOf(ProbeResult r) {
    List<String> out = new ArrayList<>();
    for (AllocationProfile a : r.allocations()) {
      out.add(a.allocator());
    }
    if (r.model() != null) {
      out.add("model");
    }
    return out;
  }

  public Optional<String> measurementUnavailable() {
    return unavailable;
  }

  public StringProperty workloadProperty() {
    return workload;
  }

  public StringProperty allocConfProperty() {
    return allocConf;
  }

  public BooleanProperty transfersProperty() {
    return transfers;
  }

  public BooleanProperty allocatorProperty(AllocatorKind kind) {
    return allocators.get(kind);
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty originProperty() {
    return origin.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<ProbeResult> resultProperty() {
    return result.getReadOnlyProperty();
  }
}
