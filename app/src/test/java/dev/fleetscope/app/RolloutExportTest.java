package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscope.services.rollout.Rollout;
import dev.fleetscope.services.rollout.RolloutBoard;
import dev.fleetscope.services.rollout.RolloutReader;
import dev.fleetscope.services.rollout.RolloutScan;
import dev.fleetscope.services.rollout.WatchedRelease;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code export rollouts}: the Rollouts and the watched releases, in JSON and Markdown. */
class RolloutExportTest {
  static final Instant AT = Instant.parse("2026-11-24T09:00:00Z");

  private static RolloutBoard board() {
    Rollout rollout =
        RolloutReader.rollout(
            "prod",
            Map.of(
                "metadata", Map.of("namespace", "serving", "name", "chat", "generation", 2),
                "spec",
                    Map.of(
                        "replicas",
                        4,
                        "strategy",
                        Map.of(
                            "canary",
                            Map.of(
                                "steps",
                                List.of(Map.of("setWeight", 25), Map.of("pause", Map.of()))))),
                "status",
                    Map.of(
                        "stableRS", "aaa",
                        "currentPodHash", "bbb",
                        "observedGeneration", "2",
                        "replicas", 4,
                        "updatedReplicas", 1,
                        "currentStepIndex", 1,
                        "phase", "Paused")));
    WatchedRelease flagger =
        new WatchedRelease(
            "prod",
            "serving",
            "embed",
            WatchedRelease.Source.FLAGGER,
            "Progressing",
            20,
            1,
            3,
            2,
            "Deployment embed against embed-primary",
            "New revision detected",
            AT);
    RolloutScan scan =
        new RolloutScan("prod", AT, true, List.of(rollout), Map.of(), List.of())
            .withWatched(List.of(flagger), List.of());
    return new RolloutBoard(AT, AT, List.of(scan), Map.of(), "", List.of());
  }

  @Test
  void jsonAndMarkdownHoldTheRolloutAndTheWatchedRelease() throws Exception {
    JsonNode root = new ObjectMapper().readTree(RolloutExport.json(board()));
    assertThat(root.get("rollouts")).hasSize(1);
    assertThat(root.get("rollouts").get(0).get("name").asText()).isEqualTo("chat");
    JsonNode watched = root.get("watched");
    assertThat(watched).hasSize(1);
    assertThat(watched.get(0).get("source").asText()).isEqualTo("Flagger Canary");
    assertThat(watched.get(0).get("canaryWeight").asInt()).isEqualTo(20);
    assertThat(watched.get(0).get("failedChecks").asInt()).isEqualTo(1);
    assertThat(watched.get(0).get("threshold").asInt()).isEqualTo(3);
    assertThat(watched.get(0).get("iterations").asInt()).isEqualTo(2);
    String md = RolloutExport.markdown(board());
    assertThat(md)
        .contains("| prod | serving/chat | Paused | 1/2 | 25% / 75% |")
        .contains("## Watched releases (read-only)")
        .contains(
            "| Flagger Canary | prod | serving/embed | Progressing | 20% | 1 / 3 | Deployment embed"
                + " against embed-primary |");
  }
}
