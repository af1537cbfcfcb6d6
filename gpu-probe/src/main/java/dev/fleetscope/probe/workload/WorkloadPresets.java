package dev.fleetscope.probe.workload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Built-in workloads, named as {@code NAME} or {@code NAME:key=value,key=value}:
 *
 * <ul>
 *   <li>{@code llama3-8b-fp16}: the weights of Llama-3-8B in fp16, one tensor per parameter.
 *   <li>{@code llama3-70b-tp8}: one rank's shard of Llama-3-70B under tensor parallelism 8 (options
 *       {@code tp}, {@code dtype}).
 *   <li>{@code kv-cache}: a vLLM-style paged KV cache, one {@code [2, blocks, block, kv_heads,
 *       head_dim]} tensor per layer (options {@code model}, {@code blocks}, {@code block}, {@code
 *       dtype}).
 *   <li>{@code prefill-decode-churn}: activations of a serving loop mixing prefill and decode
 *       batches, with per-request state that outlives a step (options {@code model}, {@code steps},
 *       {@code layers}, {@code seed}).
 * </ul>
 */
public final class WorkloadPresets {

  /** A preset's name and what it is, for --help and the console's picker. */
  public record Preset(String name, String description) {}

  public static final List<Preset> ALL =
      List.of(
          new Preset("llama3-8b-fp16", "Llama-3-8B weights, fp16 (291 tensors, 16.1 GB)"),
          new Preset(
              "llama3-70b-tp8", "Llama-3-70B weights, one tensor-parallel rank of 8, fp16/bf16"),
          new Preset(
              "kv-cache", "paged KV cache: per layer [2, blocks, block, kv_heads, head_dim]"),
          new Preset(
              "prefill-decode-churn",
              "activations of mixed prefill/decode steps with per-request state"));

  private WorkloadPresets() {}

  public static boolean isPreset(String spec) {
    String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    return ALL.stream().anyMatch(p -> p.name().equals(name));
  }

  public static Workload named(String spec) {
    String name = spec;
    Map<String, String> options = new LinkedHashMap<>();
    int colon = spec.indexOf(':');
    if (colon >= 0) {
      name = spec.substring(0, colon);
      for (String kv : spec.substring(colon + 1).split(",")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new WorkloadException(
              "preset " + spec + ": option \"" + kv + "\" is not key=value");
        }
        options.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
      }
    }
    Options o = new Options(spec, options);
    Workload w =
        switch (name) {
          case "llama3-8b-fp16" -> weights(spec, ModelShape.LLAMA3_8B, 1, DType.FP16);
          case "llama3-70b-tp8" ->
              weights(spec, ModelShape.LLAMA3_70B, o.integer("tp", 8), o.dtype(DType.FP16));
          case "kv-cache" ->
              kvCache(
                  spec,
                  o.model(ModelShape.LLAMA3_8B),
                  o.integer("blocks", 4096),
                  o.integer("block", 16),
                  o.dtype(DType.FP16));
          case "prefill-decode-churn" ->
              churn(
                  spec,
                  o.model(ModelShape.LLAMA3_8B),
                  o.integer("steps", 500),
                  o.integer("layers", 4),
                  o.integer("seed", 1));
          default ->
              throw new WorkloadException(
                  "unknown preset \""
                      + name
                      + "\"; presets: "
                      + String.join(", ", ALL.stream().map(Preset::name).toList()));
        };
    o.checkAllUsed();
    return w;
  }

  /** One rank's weights under tensor parallelism {@code tp} (1 = the whole model). */
  public static Workload weights(String source, ModelShape m, int tp, DType dtype) {
    if (m.heads() % tp != 0 || m.intermediate() % tp != 0) {
      throw new WorkloadException(
          "preset " + source + ": tp=" + tp + " does not divide the model's heads/intermediate");
    }
    int kvShard = Math.max(1, m.kvHeads() / tp);
    int qOut = m.heads() / tp * m.headDim();
    int kvOut = kvShard * m.headDim();
    int inter = m.intermediate() / tp;
    int vocab = (m.vocab() + tp - 1) / tp;
    Workload.Builder b =
        new Workload.Builder(
            m.name() + (tp > 1 ? " tp" + tp + " rank 0" : "") + " weights " + dtype.label(),
            "preset " + source);
    b.alloc(new Tensor("model.embed_tokens.weight", dtype, vocab, m.hidden()));
    for (int l = 0; l < m.layers(); l++) {
      String p = "model.layers." + l + ".";
      b.alloc(new Tensor(p + "self_attn.q_proj.weight", dtype, qOut, m.hidden()));
      b.alloc(new Tensor(p + "self_attn.k_proj.weight", dtype, kvOut, m.hidden()));
      b.alloc(new Tensor(p + "self_attn.v_proj.weight", dtype, kvOut, m.hidden()));
      b.alloc(new Tensor(p + "self_attn.o_proj.weight", dtype, m.hidden(), qOut));
      b.alloc(new Tensor(p + "mlp.gate_proj.weight", dtype, inter, m.hidden()));
      b.alloc(new Tensor(p + "mlp.up_proj.weight", dtype, inter, m.hidden()));
      b.alloc(new Tensor(p + "mlp.down_proj.weight", dtype, m.hidden(), inter));
      b.alloc(new Tensor(p + "input_layernorm.weight", dtype, m.hidden()));
      b.alloc(new Tensor(p + "post_attention_layernorm.weight", dtype, m.hidden()));
    }
    b.alloc(new Tensor("model.norm.weight", dtype, m.hidden()));
    b.alloc(new Tensor("lm_head.weight", dtype, vocab, m.hidden()));
    return b.build();
  }

  /** A paged KV cache as vLLM allocates it: one tensor per layer holding K and V. */
  public static Workload kvCache(String source, ModelShape m, int blocks, int block, DType dtype) {
    Workload.Builder b =
        new Workload.Builder(
            m.name() + " KV cache " + blocks + " blocks of " + block + " tokens " + dtype.label(),
            "preset " + source);
    for (int l = 0; l < m.layers(); l++) {
      b.alloc(
          new Tensor("kv_cache.layers." + l, dtype, 2, blocks, block, m.kvHeads(), m.headDim()));
    }
    return b.build();
  }

  /**
   * A serving loop: each step runs a prefill batch (a new request's prompt) or a decode batch (one
   * token per running request) through {@code layers} decoder layers, allocating and freeing
   * activations layer by layer; each request also holds state (token ids, block table) from its
   * prefill until it finishes, so short- and long-lived blocks interleave.
   */
  public static Workload churn(String source, ModelShape m, int steps, int layers, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Workload.Builder b =
        new Workload.Builder(
            m.name() + " prefill/decode churn, " + steps + " steps, seed " + seed,
            "preset " + source);
    Deque<int[]> running = new ArrayDeque<>();
    List<int[]> finishing = new ArrayList<>();
    int requestId = 0;
    for (int step = 0; step < steps; step++) {
      boolean prefill = running.isEmpty() || rnd.nextInt(4) == 0;
      int tokens;
      if (prefill) {
        tokens = 64 + rnd.nextInt(4033);
        int id = requestId++;
        int promptIds = b.alloc(new Tensor("req" + id + ".prompt_ids", DType.INT64, tokens));
        int blockTable =
            b.alloc(new Tensor("req" + id + ".block_table", DType.INT32, (tokens + 15) / 16 + 64));
        running.addLast(new int[] {promptIds, blockTable, 16 + rnd.nextInt(512)});
      } else {
        tokens = running.size();
      }
      String s = "step" + step + ".";
      int hidden = b.alloc(new Tensor(s + "hidden", DType.FP16, tokens, m.hidden()));
      for (int l = 0; l < layers; l++) {
        String p = s + "l" + l + ".";
        int qkv =
            b.alloc(
                new Tensor(
                    p + "qkv",
                    DType.FP16,
                    tokens,
                    (long) (m.heads() + 2 * m.kvHeads()) * m.headDim()));
        int attn = b.alloc(new Tensor(p + "attn", DType.FP16, tokens, m.hidden()));
        b.free(qkv);
        int gateUp = b.alloc(new Tensor(p + "gate_up", DType.FP16, tokens, 2L * m.intermediate()));
        int act = b.alloc(new Tensor(p + "act", DType.FP16, tokens, m.intermediate()));
        b.free(gateUp);
        int out = b.alloc(new Tensor(p + "out", DType.FP16, tokens, m.hidden()));
        b.free(act);
        b.free(attn);
        b.free(hidden);
        hidden = out;
      }
      int logits = b.alloc(new Tensor(s + "logits", DType.FP32, running.size(), m.vocab()));
      b.free(logits);
      b.free(hidden);
      // Requests finish after their decode budget; their state is freed at the end of the step.
      for (int[] r : running) {
        r[2]--;
        if (r[2] <= 0) {
          finishing.add(r);
        }
      }
      for (int[] r : finishing) {
        running.remove(r);
        b.free(r[0]);
        b.free(r[1]);
      }
      finishing.clear();
    }
    for (int[] r : running) {
      b.free(r[0]);
      b.free(r[1]);
    }
    return b.build();
  }

  private static final class Options {
    private final String spec;
    private final Map<String, String> values;

    Options(String spec, Map<String, String> values) {
      this.spec = spec;
      this.values = new LinkedHashMap<>(values);
    }

    int integer(String key, int orElse) {
      String v = values.remove(key);
      if (v == null) {
        return orElse;
      }
      try {
        int n = Integer.parseInt(v);
        if (n <= 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new WorkloadException(
            "preset " + spec + ": " + key + "=" + v + " is not a positive whole number");
      }
    }

    DType dtype(DType orElse) {
      String v = values.remove("dtype");
      try {
        return v == null ? orElse : DType.parse(v);
      } catch (IllegalArgumentException e) {
        throw new WorkloadException("preset " + spec + ": dtype: " + e.getMessage());
      }
    }

    ModelShape model(ModelShape orElse) {
      String v = values.remove("model");
      try {
        return v == null ? orElse : ModelShape.named(v);
      } catch (IllegalArgumentException e) {
        throw new WorkloadException("preset " + spec + ": model: " + e.getMessage());
      }
    }

    void checkAllUsed() {
      if (!values.isEmpty()) {
        throw new WorkloadException(
            "preset " + spec + ": unknown option(s) " + String.join(", ", values.keySet()));
      }
    }
  }
}
