package dev.fleetscope.services.batch;

/** What the batch section shows of a replica, worked out from its scrapes. */
public enum Figure {
  RUNNING("Running", "requests"),
  WAITING("Waiting", "requests"),
  KV_CACHE("KV cache", "%"),
  PREEMPTIONS("Preemptions", "/s"),
  BATCH_TOKENS("Tokens / iteration", "tokens"),
  QUEUE_TIME("Queue time", "s"),
  PREFILL_TIME("Prefill time", "s"),
  DECODE_TIME("Decode time", "s"),
  PROMPT_RATE("Prompt tokens", "/s"),
  GENERATION_RATE("Generated tokens", "/s");

  private final String title;
  private final String unit;

  Figure(String title, String unit) {
    this.title = title;
    this.unit = unit;
  }

  public String title() {
    return title;
  }

  public String unit() {
    return unit;
  }
}
