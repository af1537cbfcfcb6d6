package dev.fleetscope.probe.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class WorkloadPresetsTest {

  @Test
  void llama3WeightsHaveThePublishedParameterCount() {
    Workload w = WorkloadPresets.named("llama3-8b-fp16");
    assertThat(w.tensors()).hasSize(291);
    // Llama-3-8B has 8,030,261,248 parameters; fp16 takes two bytes each.
    assertThat(w.totalBytes()).isEqualTo(8_030_261_248L * 2);
  }

  @Test
  void tensorParallelShardsDivideTheProjections() {
    Workload w = WorkloadPresets.named("llama3-70b-tp8");
    assertThat(w.tensors()).hasSize(1 + 80 * 9 + 2);
    Tensor q = w.tensors().get(1);
    assertThat(q.name()).isEqualTo("model.layers.0.self_attn.q_proj.weight");
    assertThat(q.shape()).containsExactly(64 / 8 * 128, 8192);
    assertThat(w.tensors().get(2).shape()).containsExactly(128, 8192);
  }

  @Test
  void kvCacheHasOneTensorPerLayer() {
    Workload w = WorkloadPresets.named("kv-cache:blocks=1024,block=32,dtype=fp8");
    assertThat(w.tensors()).hasSize(32);
    assertThat(w.tensors().get(0).bytes()).isEqualTo(2L * 1024 * 32 * 8 * 128);
  }

  @Test
  void churnFreesEverythingItAllocatesAndIsDeterministic() {
    Workload a = WorkloadPresets.named("prefill-decode-churn:steps=50,seed=7");
    Workload b = WorkloadPresets.named("prefill-decode-churn:steps=50,seed=7");
    assertThat(a.events()).isEqualTo(b.events());
    assertThat(a.eventCount()).isEqualTo(2 * a.tensors().size());
  }

  @Test
  void badPresetOptionsSayWhatIsWrong() {
    assertThat(
            catchThrowableOfType(
                    WorkloadException.class, () -> WorkloadPresets.named("kv-cache:blocks=-3"))
                .getMessage())
        .isEqualTo("preset kv-cache:blocks=-3: blocks=-3 is not a positive whole number");
    assertThat(
            catchThrowableOfType(
                    WorkloadException.class, () -> WorkloadPresets.named("kv-cache:colour=red"))
                .getMessage())
        .isEqualTo("preset kv-cache:colour=red: unknown option(s) colour");
    assertThat(
            catchThrowableOfType(
                    WorkloadException.class, () -> WorkloadPresets.named("kv-cache:model=gpt5"))
                .getMessage())
        .startsWith("preset kv-cache:model=gpt5: model: unknown model \"gpt5\"");
  }
}
