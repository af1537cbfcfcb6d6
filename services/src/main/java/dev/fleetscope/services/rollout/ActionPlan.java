package dev.fleetscope.services.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON merge patches one action sends, in the plugin's order: the status patch to the {@code
 * status} subresource first; if that subresource answers 404 (a controller older than v0.10, CRD
 * without it) the unified patch replaces the spec patch on the main resource; then the spec patch.
 *
 * @param statusPatch for {@code rollouts/status}, or null
 * @param specPatch for the main resource, or null
 * @param unifiedPatch sent to the main resource instead when the status subresource is missing, or
 *     null for none
 */
public record ActionPlan(
    RolloutAction action, String statusPatch, String specPatch, String unifiedPatch) {

  /** One request the plan may send. */
  public record Request(boolean statusSubresource, String body) {}

  public boolean isEmpty() {
    return statusPatch == null && specPatch == null;
  }

  /** What is sent when the status subresource exists (the usual case). */
  public List<Request> requests() {
    List<Request> out = new ArrayList<>();
    if (statusPatch != null) {
      out.add(new Request(true, statusPatch));
    }
    if (specPatch != null) {
      out.add(new Request(false, specPatch));
    }
    return out;
  }

  /** Subresources whose patch permission the plan needs ("" for the main resource). */
  public List<String> subresources() {
    List<String> out = new ArrayList<>();
    if (statusPatch != null) {
      out.add("status");
    }
    if (specPatch != null || unifiedPatch != null) {
      out.add("");
    }
    return out;
  }
}
