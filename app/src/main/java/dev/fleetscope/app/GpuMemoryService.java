package dev.fleetscope.app;

import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.allocator.BlockLayout;
import dev.fleetscope.probe.allocator.CachingAllocatorModel;
import dev.fleetscope.probe.allocator.ModelResult;
import dev.fleetscope.probe.allocator.SegmentLayout;
import dev.fleetscope.probe.result.ProbeJson;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.result.ResultFormatException;
import dev.fleetscope.probe.workload.DType;
import dev.fleetscope.probe.workload.Tensor;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadPresets;
import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotFormatException;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import dev.fleetscope.services.gpumemory.StackFrame;
import dev.fleetscope.services.gpumemory.TraceEntry;
import dev.fleetscope.services.gpumemory.adapter.TorchSnapshotReader;
import dev.fleetscope.views.gpumemory.SnapshotSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves the GPU memory section: snapshots from files through the pickle reader, and a demo
 * snapshot made by the project's own allocator model (the prefill/decode churn workload, stopped at
 * its peak), so the section shows a real layout with no GPU and no file.
 */
final class GpuMemoryService implements SnapshotSource {

  @Override
  public AllocatorSnapshot open(Path file) {
    return open(file, share -> {});
  }

  @Override
  public AllocatorSnapshot open(Path file, java.util.function.DoubleConsumer progress) {
    if (looksLikeJson(file)) {
      return fromProbeResult(file);
    }
    return TorchSnapshotReader.forThisHeap()
        .read(file, (done, of) -> progress.accept(of <= 0 ? 1 : done / (double) of));
  }

  private static boolean looksLikeJson(Path file) {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      int c;
      do {
        c = in.read();
      } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
      return c == '{';
    } catch (java.io.IOException e) {
      return false; // the snapshot reader reports the file's problem
    }
  }

  /** A gpu-probe result: the allocator model's layout in it, drawn like a snapshot. */
  private static AllocatorSnapshot fromProbeResult(Path file) {
    ProbeResult r;
    try {
      r = ProbeJson.read(file.toString(), java.nio.file.Files.readString(file));
    } catch (java.io.IOException e) {
      throw new SnapshotFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    } catch (ResultFormatException e) {
      if (e.getMessage().contains(": schema:")) {
        throw new SnapshotFormatException(
            file
                + ": JSON, but not a gpu-probe result (PyTorch memory snapshots are pickles;"
                + " probe results carry \"schema\": \"fleetscope.probe/v1\")",
            e);
      }
      throw new SnapshotFormatException(e.getMessage(), e);
    }
    if (r.model() == null) {
      throw new SnapshotFormatException(
          file
              + ": this gpu-probe result has no allocator layout; make one with"
              + " gpu-probe --allocator model (measured allocators record addresses, not segments)");
    }
    return fromLayout(
        "gpu-probe result " + file.getFileName() + " (modelled layout)",
        r.model().segments(),
        r.model().config());
  }

  @Override
  public AllocatorSnapshot demo() {
    // A serving replica: weights, a paged KV cache, then prefill/decode activations.
    Workload w =
        concat(
            "demo replica: Llama-3-8B weights, KV cache, 200 serving steps",
            WorkloadPresets.named("llama3-8b-fp16"),
            WorkloadPresets.named("kv-cache:blocks=512"),
            WorkloadPresets.named("prefill-decode-churn:steps=200,seed=3"));
    // Stop where the layout is most broken up: the moment with the most blocks. Each replay
    // takes a few milliseconds (the model runs at millions of events per second).
    ModelResult best = null;
    int n = w.eventCount();
    for (int k = 1; k <= 60; k++) {
      ModelResult r = CachingAllocatorModel.replay(w, AllocatorConfig.DEFAULT, n * k / 60);
      if (best == null || blocks(r) > blocks(best)) {
        best = r;
      }
    }
    return fromModel("demo: " + w.name() + " (modelled)", best);
  }

  @Override
  public AllocatorSnapshot modelOf(AllocatorSnapshot snapshot) {
    List<TraceEntry> trace = snapshot.traces();
    if (trace.isEmpty()) {
      throw new SnapshotFormatException(
          snapshot.source()
              + ": has no recorded history to replay (record it with"
              + " torch.cuda.memory._record_memory_history before the snapshot)");
    }
    int device = trace.get(0).device();
    Workload.Builder b = new Workload.Builder("history of " + snapshot.source(), snapshot.source());
    Map<Long, Integer> live = new java.util.HashMap<>();
    Map<Long, Integer> streams = new java.util.HashMap<>();
    for (TraceEntry e : trace) {
      if (e.device() != device) {
        continue;
      }
      if (e.action().equals("alloc")) {
        int stream = streams.computeIfAbsent(e.stream(), k -> streams.size());
        int t =
            b.alloc(
                new Tensor(
                    "0x" + Long.toHexString(e.address()) + " #" + b.tensorCount(),
                    new long[] {e.size()},
                    DType.UINT8,
                    stream));
        live.put(e.address(), t);
      } else if (e.action().equals("free_completed")) {
        Integer t = live.remove(e.address());
        if (t != null) {
          b.free(t);
        }
      }
    }
    AllocatorConfig config = configOf(snapshot.allocatorSettings());
    return fromModel(
        "the allocator model's replay of the history"
            + (config.asAllocConf().isEmpty() ? "" : " [" + config.asAllocConf() + "]"),
        CachingAllocatorModel.replay(b.build(), config));
  }

  /** The settings the snapshot reports, as far as the model knows them. */
  static AllocatorConfig configOf(Map<String, String> settings) {
    AllocatorConfig c = AllocatorConfig.DEFAULT;
    if ("true".equalsIgnoreCase(settings.getOrDefault("expandable_segments", ""))) {
      c = c.withExpandableSegments(true);
    }
    try {
      long maxSplit = Long.parseLong(settings.getOrDefault("max_split_size", "-1"));
      if (maxSplit > 0) {
        c =
            new AllocatorConfig(
                maxSplit, c.roundupPower2Divisions(), c.expandableSegments(), c.capacityBytes());
      }
    } catch (NumberFormatException e) {
      // an unknown spelling: the model keeps PyTorch's default
    }
    return c;
  }

  /** The workloads one after the other, as one program would allocate them. */
  static Workload concat(String name, Workload... parts) {
    Workload.Builder b = new Workload.Builder(name, "demo");
    for (Workload part : parts) {
      int[] index = new int[part.tensors().size()];
      for (int e : part.eventsView()) {
        if (e >= 0) {
          index[e] = b.alloc(part.tensors().get(e));
        } else {
          b.free(index[~e]);
        }
      }
    }
    return b.build();
  }

  private static int blocks(ModelResult r) {
    return r.segments().stream().mapToInt(s -> s.blocks().size()).sum();
  }

  static AllocatorSnapshot fromModel(String source, ModelResult m) {
    return fromLayout(source, m.segments(), m.config());
  }

  /** A modelled layout as a snapshot; each block's "stack" names the tensor holding it. */
  static AllocatorSnapshot fromLayout(
      String source, List<SegmentLayout> layout, AllocatorConfig config) {
    List<SnapshotSegment> segments = new ArrayList<>();
    for (SegmentLayout s : layout) {
      List<SnapshotBlock> blocks = new ArrayList<>(s.blocks().size());
      for (BlockLayout b : s.blocks()) {
        blocks.add(
            new SnapshotBlock(
                s.base() + b.offset(),
                b.size(),
                b.requested(),
                b.allocated() ? BlockState.ACTIVE_ALLOCATED : BlockState.INACTIVE,
                b.allocated()
                    ? List.of(new StackFrame(b.tensor(), "allocator model", 0))
                    : List.of()));
      }
      segments.add(
          new SnapshotSegment(
              0,
              s.base(),
              s.size(),
              s.stream(),
              s.small() ? "small" : "large",
              s.expandable(),
              blocks));
    }
    return new AllocatorSnapshot(
        source,
        "allocator model",
        segments,
        List.of(),
        Map.of("PYTORCH_CUDA_ALLOC_CONF", config.asAllocConf()));
  }
}
