package dev.fleetscope.app;

import dev.fleetscope.probe.allocator.AllocatorConfig;
import dev.fleetscope.probe.allocator.BlockLayout;
import dev.fleetscope.probe.allocator.CachingAllocatorModel;
import dev.fleetscope.probe.allocator.ModelResult;
import dev.fleetscope.probe.allocator.SegmentLayout;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadPresets;
import dev.fleetscope.services.gpumemory.AllocatorSnapshot;
import dev.fleetscope.services.gpumemory.BlockState;
import dev.fleetscope.services.gpumemory.SnapshotBlock;
import dev.fleetscope.services.gpumemory.SnapshotSegment;
import dev.fleetscope.services.gpumemory.StackFrame;
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
    return TorchSnapshotReader.forThisHeap().read(file);
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
    ModelResult full = CachingAllocatorModel.replay(w, AllocatorConfig.DEFAULT);
    ModelResult atPeak =
        CachingAllocatorModel.replay(
            w, AllocatorConfig.DEFAULT, full.stats().peakAllocatedEvent() + 1);
    return fromModel("demo: " + w.name() + " (modelled, at peak)", atPeak);
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

  /** The model's layout as a snapshot; each block's "stack" names the tensor holding it. */
  static AllocatorSnapshot fromModel(String source, ModelResult m) {
    List<SnapshotSegment> segments = new ArrayList<>();
    for (SegmentLayout s : m.segments()) {
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
        Map.of("PYTORCH_CUDA_ALLOC_CONF", m.config().asAllocConf()));
  }
}
