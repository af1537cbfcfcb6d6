package dev.fleetscope.services.batch;

/**
 * A queue of a cluster batch scheduler: a Kueue ClusterQueue or LocalQueue, or a Volcano Queue. GPU
 * figures are {@code nvidia.com/gpu} summed over flavors; NaN where the queue does not say.
 *
 * @param kind {@code ClusterQueue}, {@code LocalQueue} or {@code Queue}
 * @param namespace empty for cluster-scoped queues
 * @param parent the cohort of a ClusterQueue, the ClusterQueue of a LocalQueue, the parent queue of
 *     a Volcano queue (empty when none)
 * @param state {@code Active}, {@code Hold}, Volcano's {@code Open}/{@code Closed}, ...
 * @param pending workloads waiting for quota (Volcano: pending pod groups)
 * @param reserving Kueue: workloads holding quota, admitted or not; Volcano: pod groups in queue
 * @param admitted Kueue: admitted workloads; Volcano: running pod groups
 * @param gpuUsed GPUs in use by admitted workloads
 * @param gpuReserved GPUs reserved (quota held, maybe not yet admitted)
 * @param gpuNominal the queue's own GPU quota (Volcano: its capability or guarantee)
 * @param gpuBorrowLimit how many GPUs it may borrow from its cohort (NaN: no limit given)
 * @param gpuBorrowed GPUs it uses beyond its own quota
 * @param flavors the resource flavors that carry its GPUs, comma-separated
 */
public record BatchQueue(
    String cluster,
    Scheduler scheduler,
    String kind,
    String namespace,
    String name,
    String parent,
    String state,
    int pending,
    int reserving,
    int admitted,
    double gpuUsed,
    double gpuReserved,
    double gpuNominal,
    double gpuBorrowLimit,
    double gpuBorrowed,
    String flavors) {}
