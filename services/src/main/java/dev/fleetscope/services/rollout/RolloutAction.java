package dev.fleetscope.services.rollout;

/** What the console can do to a Rollout: the {@code kubectl argo rollouts} plugin's verbs. */
public enum RolloutAction {
  PAUSE("Pause", "pause"),
  PROMOTE("Promote", "promote"),
  PROMOTE_FULL("Promote fully", "promote --full"),
  ABORT("Abort", "abort"),
  RETRY("Retry", "retry rollout"),
  RESTART("Restart pods", "restart");

  private final String label;
  private final String pluginCommand;

  RolloutAction(String label, String pluginCommand) {
    this.label = label;
    this.pluginCommand = pluginCommand;
  }

  public String label() {
    return label;
  }

  /** The plugin command that does the same, for the confirmation text and the audit log. */
  public String pluginCommand() {
    return pluginCommand;
  }
}
