package dev.fleetscope.probe.profile;

import java.util.List;

/** Copy bandwidth over sizes and offsets on one device, against its link's theoretical limit. */
public record TransferProfile(
    int device, String link, double linkGBps, List<TransferPoint> points, long wallNanos) {

  public TransferProfile {
    points = List.copyOf(points);
  }
}
