package dev.fleetscope.services.cluster;

import java.time.Instant;

/**
 * How the watch of one kind in one cluster is doing, so a view can say why its rows are missing or
 * old instead of showing an error storm.
 *
 * @param detail what the user should read: the cause, the missing access, or the namespace scope
 * @param since when the watch entered this health (for "stale since")
 */
public record WatchState(ResourceKind kind, Health health, String detail, Instant since) {

  public enum Health {
    /** Listing for the first time. */
    SYNCING,
    /** Listed and watching. */
    LIVE,
    /** Listed once, but the watch dropped: rows are the last known. */
    STALE,
    /** The user may not list this kind (403, or a SelfSubjectAccessReview said no). */
    NO_ACCESS,
    /** A custom resource whose CRD the cluster does not have. */
    NOT_INSTALLED,
    /** Listing failed for another reason (500, timeout). */
    FAILED
  }

  public static WatchState syncing(ResourceKind kind, Instant now) {
    return new WatchState(kind, Health.SYNCING, "", now);
  }

  public boolean hasRows() {
    return health == Health.LIVE || health == Health.STALE;
  }
}
