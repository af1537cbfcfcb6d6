package dev.fleetscope.services.batch;

/**
 * What an inference server reports about its batching, whatever the engine calls it. Gauges are
 * read as they are; counters (cumulative since the server started) become rates between scrapes.
 */
public enum Signal {
  RUNNING(false),
  WAITING(false),
  /** KV-cache use as a fraction of its capacity. */
  KV_USAGE(false),
  /** KV-cache blocks in use and in all (engines that report blocks, not a fraction). */
  KV_BLOCKS_USED(false),
  KV_BLOCKS_MAX(false),
  /** The most requests the engine batches at once, where it says. */
  MAX_RUNNING(false),
  /** Tokens in the current batch, where the engine reports it as a gauge (TGI). */
  BATCH_TOKENS(false),
  /** Generated tokens per second, where the engine reports it as a gauge (SGLang). */
  GEN_THROUGHPUT(false),
  PREEMPTIONS(true),
  ITERATION_TOKENS_SUM(true),
  ITERATION_TOKENS_COUNT(true),
  QUEUE_SECONDS_SUM(true),
  QUEUE_COUNT(true),
  PREFILL_SECONDS_SUM(true),
  PREFILL_COUNT(true),
  DECODE_SECONDS_SUM(true),
  DECODE_COUNT(true),
  PROMPT_TOKENS(true),
  GENERATION_TOKENS(true);

  private final boolean counter;

  Signal(boolean counter) {
    this.counter = counter;
  }

  public boolean counter() {
    return counter;
  }

  static final int COUNT = values().length;
}
