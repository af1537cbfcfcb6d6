package dev.fleetscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscope.app.cli.CommandLine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export slo} on the demo fleet, now and as of an earlier instant ({@code --at}). */
class SloExportTest {
  @TempDir Path home;

  private JsonNode export(String... args) throws Exception {
    AppPaths paths = new AppPaths(home.resolve("config"), home.resolve("state"));
    try (ConsoleServices services =
        new ConsoleServices(CommandLine.parse(args), paths, Clock.systemUTC())) {
      services.connectInitial();
      assertThat(services.awaitSlos(Duration.ofSeconds(60))).isTrue();
      String json =
          SloExport.json(
              services.slo().boards(), services.slo().evaluationTime(), services.slo().fixedTime());
      String md =
          SloExport.markdown(
              services.slo().boards(), services.slo().evaluationTime(), services.slo().fixedTime());
      assertThat(md).contains("| State | SLO | Cluster |").contains("demo-us-east");
      return new ObjectMapper().readTree(json);
    }
  }

  @Test
  void theDemoExportListsEverySloLeastBudgetFirstWithTheIncidentPaging() throws Exception {
    JsonNode root = export("export", "slo", "--demo-seed", "3");
    assertThat(root.get("fixedTime").asBoolean()).isFalse();
    assertThat(root.get("sources")).hasSize(2);
    assertThat(root.get("slos")).hasSize(10);
    JsonNode paging = null;
    double previous = -Double.MAX_VALUE;
    for (JsonNode slo : root.get("slos")) {
      double budget = slo.get("budgetRemaining").asDouble();
      assertThat(budget).isGreaterThanOrEqualTo(previous);
      previous = budget;
      if (slo.get("state").asText().equals("PAGE")) {
        paging = slo;
      }
    }
    assertThat(paging).isNotNull();
    assertThat(paging.get("name").asText()).isEqualTo("llama-3-1-70b-chat-ttft");
    assertThat(paging.get("burnRates").get("1h").asDouble()).isGreaterThan(14.4);
    assertThat(paging.get("rules").get(0).get("firing").asBoolean()).isTrue();
    assertThat(paging.get("timeToExhaustionSeconds").asLong()).isPositive();
  }

  @Test
  void atAnEarlierInstantTheSameSlosAreJudgedAsTheyStoodThen() throws Exception {
    // Six days and two hours ago the demo's earlier surge was under way; three days ago all was
    // calm.
    Instant during = Instant.now().minus(Duration.ofDays(6)).minus(Duration.ofMinutes(140));
    JsonNode then = export("export", "slo", "--at", during.toString());
    assertThat(then.get("fixedTime").asBoolean()).isTrue();
    assertThat(Instant.parse(then.get("evaluatedAt").asText())).isEqualTo(during);
    assertThat(state(then, "llama-3-1-70b-chat-ttft")).isEqualTo("PAGE");
    Instant calm = Instant.now().minus(Duration.ofDays(3));
    JsonNode later = export("export", "slo", "--at", calm.toString());
    assertThat(state(later, "llama-3-1-70b-chat-ttft")).isIn("OK", "TICKET");
  }

  private static String state(JsonNode root, String name) {
    for (JsonNode slo : root.get("slos")) {
      if (slo.get("name").asText().equals(name)) {
        return slo.get("state").asText();
      }
    }
    throw new AssertionError("no SLO " + name);
  }
}
