package dev.fleetscope.services.cluster;

/** How far a cluster connection has got, as shown in the fleet table and the status bar. */
public enum ConnectionState {
  /** Not answered yet. */
  CONNECTING,
  /** The API answered and every watched list has synced: data is live. */
  LIVE,
  /** The API answered before but the last probe failed: data shown is the last known. */
  STALE,
  /** The API never answered (or rejected the credentials): no data. */
  UNREACHABLE;

  public boolean hasData() {
    return this == LIVE || this == STALE;
  }
}
