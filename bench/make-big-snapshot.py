#!/usr/bin/env python3
"""Writes a large PyTorch-shaped CUDA memory snapshot for the big-snapshot benchmark.

The structure is the one torch.cuda.memory._snapshot() returns (segments with blocks and
frames, device_traces, allocator_settings), written with pickle's default protocol as
torch.cuda.memory._dump_snapshot does. Every frame's strings are new objects, as PyTorch's
C++-to-Python conversion makes them, so the pickler memoizes nothing across frames and the file
is as large as a real one with the same number of blocks. Frames come from 5,000 call sites, as
a program's stacks repeat the same places.

Usage: make-big-snapshot.py OUT.pickle TARGET_MB [distinct]
  distinct: every frame a different call site (the worst case for interning)
"""
import pickle
import random
import sys

out, target_mb = sys.argv[1], float(sys.argv[2])
rng = random.Random(11)
FILES = [f"/opt/venv/lib/python3.11/site-packages/torch/nn/modules/module{i}.py" for i in range(40)]
NAMES = [f"forward_{i}" for i in range(200)]


# Stacks come from the program's own call sites: 5,000 distinct (file, line, function) here.
SITES = [(rng.choice(FILES), rng.randrange(1, 4000), rng.choice(NAMES)) for _ in range(5000)]


DISTINCT = len(sys.argv) > 3 and sys.argv[3] == "distinct"


def frames(n):
    out = []
    for _ in range(n):
        if DISTINCT:
            f, line, name = rng.choice(FILES), rng.randrange(1, 4000), rng.choice(NAMES)
        else:
            f, line, name = rng.choice(SITES)
        out.append({
            "filename": "".join(list(f)),
            "line": line,
            "name": "".join(list(name)),
        })
    return out


def snapshot(blocks_per_segment, segments, traces):
    segs = []
    address = 0x7F0000000000
    for s in range(segments):
        blocks = []
        offset = 0
        for b in range(blocks_per_segment):
            size = rng.choice([512, 1024, 4096, 1 << 20, 2 << 20]) * rng.randrange(1, 4)
            requested = size - rng.randrange(0, 512)
            state = rng.choice(["active_allocated", "active_allocated", "inactive"])
            blocks.append({
                "address": address + offset,
                "size": size,
                "requested_size": requested if state != "inactive" else 0,
                "state": state,
                "frames": frames(12) if state != "inactive" else [],
            })
            offset += size
        segs.append({
            "device": 0,
            "address": address,
            "total_size": offset,
            "allocated_size": sum(b["size"] for b in blocks if b["state"] != "inactive"),
            "active_size": sum(b["size"] for b in blocks if b["state"] != "inactive"),
            "requested_size": sum(b["requested_size"] for b in blocks),
            "stream": 0,
            "segment_type": "large",
            "segment_pool_id": (0, 0),
            "is_expandable": False,
            "frames": frames(8),
            "blocks": blocks,
        })
        address += offset + (2 << 20)
    trace = []
    t = 1_700_000_000_000_000
    for i in range(traces):
        t += rng.randrange(1, 500)
        trace.append({
            "action": rng.choice(["alloc", "free_requested", "free_completed"]),
            "addr": 0x7F0000000000 + rng.randrange(0, 1 << 34),
            "size": rng.choice([512, 4096, 1 << 20]),
            "stream": 0,
            "time_us": t,
            "frames": frames(12),
            "compile_context": "N/A",
            "user_metadata": "",
        })
    return {
        "segments": segs,
        "device_traces": [trace],
        "allocator_settings": {"PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:False"},
        "external_annotations": [],
    }


# Size one small snapshot, then scale the counts to the target.
probe = pickle.dumps(snapshot(100, 10, 1000))
scale = target_mb * 1e6 / len(probe)
segments = max(1, int(10 * scale ** 0.5))
per_segment = max(1, int(100 * scale ** 0.5))
traces = int(1000 * scale)
with open(out, "wb") as f:
    pickle.dump(snapshot(per_segment, segments, traces), f)
