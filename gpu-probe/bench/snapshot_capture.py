"""Replays a workload's events (gpu-probe --export-events) through PyTorch with its memory
history recorder on, and writes the allocator snapshot that torch.cuda.memory._dump_snapshot
produces: a real example of the format the GPU memory map view reads.

    python3 snapshot_capture.py EVENTS OUT.pickle
"""
import sys

import torch

events_path, out = sys.argv[1], sys.argv[2]
torch.cuda.init()
torch.cuda.memory._record_memory_history(max_entries=200000)
live = {}
with open(events_path) as f:
    for line in f:
        parts = line.rstrip("\n").split(" ", 2)
        if parts[0] == "+":
            live[parts[2]] = torch.empty(int(parts[1]), dtype=torch.uint8, device="cuda")
        else:
            del live[parts[1]]
torch.cuda.synchronize()
torch.cuda.memory._dump_snapshot(out)
snap = torch.cuda.memory._snapshot()
print({"torch": torch.__version__, "keys": sorted(snap.keys()), "segments": len(snap["segments"]),
       "trace_entries": sum(len(t) for t in snap["device_traces"]),
       "segment_keys": sorted(snap["segments"][0].keys()) if snap["segments"] else [],
       "block_keys": sorted(snap["segments"][0]["blocks"][0].keys()) if snap["segments"] else [],
       "trace_keys": sorted(snap["device_traces"][0][0].keys()) if snap["device_traces"][0] else []})
