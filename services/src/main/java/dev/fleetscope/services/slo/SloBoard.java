package dev.fleetscope.services.slo;

import dev.fleetscope.services.common.DataOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the SLO panels show: the last good snapshot, where it came from, and whether it is stale.
 * When the source stops answering, the last good values stay and {@code staleSince} and {@code
 * staleCause} say since when and why; the next good refresh clears them.
 *
 * @param snapshot the last good evaluation, empty before the first
 * @param problems SLO specs that could not be read or judged, each naming its file/object and field
 */
public record SloBoard(
    Optional<SloSnapshot> snapshot,
    DataOrigin origin,
    String source,
    Optional<Instant> staleSince,
    String staleCause,
    List<String> problems,
    boolean refreshing) {

  public SloBoard {
    problems = List.copyOf(problems);
  }

  public static SloBoard empty(DataOrigin origin, String source) {
    return new SloBoard(Optional.empty(), origin, source, Optional.empty(), "", List.of(), true);
  }

  public boolean stale() {
    return staleSince.isPresent();
  }

  public List<SloResult> results() {
    return snapshot.map(SloSnapshot::sortedByBudget).orElse(List.of());
  }
}
