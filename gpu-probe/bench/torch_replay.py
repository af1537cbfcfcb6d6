"""Replays a workload's events (gpu-probe --export-events) through PyTorch's real caching
allocator and compares the result with the probe's model (gpu-probe --allocator model --out).

    python3 torch_replay.py EVENTS MODEL_JSON [ALLOC_CONF]

Prints one JSON object: PyTorch's peak/final reserved and allocated bytes and its final segment
layout next to the model's, whether they match, and the replay speed of both.
"""
import json
import os
import sys
import time

events_path, model_path = sys.argv[1], sys.argv[2]
if len(sys.argv) > 3 and sys.argv[3]:
    os.environ["PYTORCH_CUDA_ALLOC_CONF"] = sys.argv[3]
import torch  # noqa: E402  (after the allocator settings)

events = []
with open(events_path) as f:
    for line in f:
        parts = line.rstrip("\n").split(" ", 2)
        if parts[0] == "+":
            events.append((True, int(parts[1]), parts[2]))
        else:
            events.append((False, 0, parts[1]))

torch.cuda.init()
torch.empty(1, device="cuda")  # context up before the clock starts
torch.cuda.empty_cache()
torch.cuda.reset_peak_memory_stats()
base_reserved = torch.cuda.memory_reserved()
live = {}
t0 = time.perf_counter()
for is_alloc, size, name in events:
    if is_alloc:
        live[name] = torch.empty(size, dtype=torch.uint8, device="cuda")
    else:
        del live[name]
torch.cuda.synchronize()
seconds = time.perf_counter() - t0
stats = torch.cuda.memory_stats()
snapshot = torch.cuda.memory_snapshot()
torch_segments = sorted(
    (s["total_size"], s["segment_type"], tuple(b["size"] for b in s["blocks"]),
     tuple(b["state"] == "active_allocated" for b in s["blocks"]))
    for s in snapshot)

model = json.load(open(model_path))["model"]
model_segments = sorted(
    (s["size"], s["pool"], tuple(b["size"] for b in s["blocks"]),
     tuple(b["allocated"] for b in s["blocks"]))
    for s in model["segments"])
ms = model["stats"]
out = {
    "events": len(events),
    "torch": {
        "peak_reserved": stats["reserved_bytes.all.peak"],
        "peak_allocated": stats["allocated_bytes.all.peak"],
        "reserved": stats["reserved_bytes.all.current"],
        "allocated": stats["allocated_bytes.all.current"],
        "segments": len(torch_segments),
        "cudaMallocs": stats["segment.all.allocated"],
        "events_per_s": round(len(events) / seconds),
    },
    "model": {
        "peak_reserved": ms["peakReservedBytes"],
        "peak_allocated": ms["peakAllocatedBytes"],
        "reserved": ms["reservedBytes"],
        "allocated": ms["allocatedBytes"],
        "segments": ms["segments"],
        "cudaMallocs": ms["cudaMallocs"],
        "events_per_s": round(len(events) / (ms["replayNs"] / 1e9)) if ms["replayNs"] else None,
    },
    "base_reserved_before": base_reserved,
}
out["peaks_match"] = (out["torch"]["peak_reserved"] == out["model"]["peak_reserved"]
                      and out["torch"]["peak_allocated"] == out["model"]["peak_allocated"])
out["final_layout_match"] = torch_segments == model_segments
if not out["final_layout_match"]:
    out["first_difference"] = next(
        ({"torch": str(a)[:300], "model": str(b)[:300]}
         for a, b in zip(torch_segments, model_segments) if a != b),
        {"torch_count": len(torch_segments), "model_count": len(model_segments)})
print(json.dumps(out))
