package dev.fleetscope.services.rollout;

import java.util.List;
import java.util.Optional;

/** The port through which rollout actions reach one cluster. */
public interface RolloutControl {

  /** Empty when the user may send every patch of the plan; otherwise what RBAC refuses. */
  Optional<String> denied(Rollout rollout, ActionPlan plan);

  /**
   * Sends the plan's patches in order (status first, falling back to the main resource on 404).
   *
   * @return the requests sent and their HTTP status, for the audit log
   * @throws RolloutWriteException when a patch is refused; it carries what was sent before
   */
  List<Sent> apply(Rollout rollout, ActionPlan plan) throws RolloutWriteException;

  /** One request as sent. */
  record Sent(String subresource, String body, int status) {}

  /** A refused write: the API server's message and the requests sent until then. */
  final class RolloutWriteException extends Exception {
    private final transient List<Sent> sent;

    public RolloutWriteException(String message, List<Sent> sent, Throwable cause) {
      super(message, cause);
      this.sent = List.copyOf(sent);
    }

    public List<Sent> sent() {
      return sent;
    }
  }
}
