package dev.fleetscope.probe.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadFilesTest {

  private static List<String> events(Workload w) {
    List<String> out = new ArrayList<>();
    for (int e : w.events()) {
      out.add((e >= 0 ? "+" : "-") + w.tensors().get(e >= 0 ? e : ~e).name());
    }
    return out;
  }

  private static String problem(String text) {
    return catchThrowableOfType(WorkloadException.class, () -> WorkloadFiles.parse("w.yaml", text))
        .getMessage();
  }

  @Test
  void stepsOrderFreesBeforeAllocationsAndCountRepeats() {
    Workload w =
        WorkloadFiles.parse(
            "w.yaml",
            """
            name: one layer
            tensors:
              - {name: wq, dtype: fp16, shape: [4096, 4096]}
              - {name: act, dtype: torch.bfloat16, shape: [8, 2048, 4096], count: 2, alloc: 1, free: 2}
              - {name: out, dtype: float32, shape: [8, 4096], alloc: 2}
            """);
    assertThat(w.name()).isEqualTo("one layer");
    assertThat(events(w))
        .containsExactly("+wq", "+act[0]", "+act[1]", "-act[0]", "-act[1]", "+out");
    assertThat(w.tensors().get(0).bytes()).isEqualTo(4096L * 4096 * 2);
    assertThat(w.tensors().get(1).dtype()).isEqualTo(DType.BF16);
    assertThat(w.peakLiveBytes()).isEqualTo(4096L * 4096 * 2 + 2L * 8 * 2048 * 4096 * 2);
  }

  @Test
  void jsonIsReadToo() {
    Workload w =
        WorkloadFiles.parse(
            "w.json",
            "{\"tensors\": [{\"name\": \"kv\", \"dtype\": \"fp8\", \"shape\": [2, 1024, 16, 8, 128]}]}");
    assertThat(w.tensors())
        .singleElement()
        .satisfies(t -> assertThat(t.bytes()).isEqualTo(2L * 1024 * 16 * 8 * 128));
  }

  @Test
  void badInputNamesFileLineAndField() {
    assertThat(problem("tensors:\n  - {name: a, dtype: fp17, shape: [1]}\n"))
        .startsWith("w.yaml:2: tensors[0].dtype: unknown dtype \"fp17\"; expected one of fp64");
    assertThat(problem("tensors:\n  - name: a\n    dtype: fp16\n"))
        .isEqualTo("w.yaml:2: tensors[0].shape: is required (e.g. [4096, 4096])");
    assertThat(problem("tensors:\n  - {name: a, dtype: fp16, shape: [4, -1]}\n"))
        .isEqualTo("w.yaml:2: tensors[0].shape[1]: -1 is out of range (0..)");
    assertThat(problem("tensors:\n  - {name: a, dtype: fp16, shape: [4], alloc: 3, free: 3}\n"))
        .isEqualTo("w.yaml:2: tensors[0].free: step 3 is not after the allocation step 3");
    assertThat(
            problem(
                "tensors:\n  - {name: a, dtype: fp16, shape: [4]}\n  - {name: a, dtype: fp16, shape: [4]}\n"))
        .isEqualTo("w.yaml:3: tensors[1].name: \"a\" is used twice");
    assertThat(problem("tensors:\n  - {name: a, dtype: fp16, shape: [4], lifetime: 2}\n"))
        .startsWith("w.yaml:2: tensors[0].lifetime: unknown field");
    assertThat(problem("tensors:\n  - {name: a, dtype: fp16, shape: [4]\n"))
        .startsWith("w.yaml:3: not valid YAML or JSON");
    assertThat(problem("name: x\n"))
        .isEqualTo("w.yaml:1: tensors: is required and must not be empty");
    assertThat(problem("tensors:\n  - {name: a, dtype: fp16, shape: [4294967296, 4294967296]}\n"))
        .isEqualTo("w.yaml:2: tensors[0].shape: the tensor's size overflows");
  }
}
