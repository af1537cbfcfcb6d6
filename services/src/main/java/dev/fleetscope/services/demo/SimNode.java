package dev.fleetscope.services.demo;

import dev.fleetscope.services.demo.DemoFleetSpec.NodePool;

/** A simulated GPU node and the state of each of its GPUs. */
final class SimNode {
  final String cluster;
  final String name;
  final NodePool pool;
  final SimGpu[] gpus;

  SimNode(String cluster, String name, NodePool pool, String uuidSeed) {
    this.cluster = cluster;
    this.name = name;
    this.pool = pool;
    this.gpus = new SimGpu[pool.gpusPerNode()];
    for (int i = 0; i < gpus.length; i++) {
      gpus[i] = new SimGpu(i, "GPU-" + uuidSeed + "-" + String.format("%04x", i));
    }
  }

  int freeGpus() {
    int free = 0;
    for (SimGpu g : gpus) {
      if (g.holder == null) {
        free++;
      }
    }
    return free;
  }

  /** One GPU of a node. */
  static final class SimGpu {
    final int index;
    final String uuid;
    SimReplica holder;
    double fbUsedMiB;
    double utilPercent;
    double temperatureC = 34;
    double powerWatts = 70;

    SimGpu(int index, String uuid) {
      this.index = index;
      this.uuid = uuid;
    }
  }
}
