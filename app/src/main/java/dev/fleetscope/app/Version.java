package dev.fleetscope.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, from a resource Maven fills in. */
final class Version {
  private Version() {}

  static String current() {
    return property("version", "dev");
  }

  /** When the build was made, e.g. "2026-11-24 05:40 UTC"; "unknown" outside a Maven build. */
  static String build() {
    return property("build", "unknown");
  }

  private static String property(String key, String fallback) {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return fallback;
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty(key, fallback);
      return v.startsWith("${") ? fallback : v;
    } catch (IOException e) {
      return fallback;
    }
  }
}
