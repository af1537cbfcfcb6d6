package dev.fleetscope.views.shell;

import java.util.List;

/**
 * What the About dialog shows.
 *
 * @param build when and from what the build was made, e.g. "2026-11-24 05:40 UTC"
 * @param runtime the Java runtime and the operating system
 * @param libraries every bundled library, with the licence it is distributed under
 */
public record AboutInfo(
    String version,
    String build,
    String runtime,
    String logFile,
    String settingsFile,
    String crashDir,
    List<Library> libraries) {

  public AboutInfo {
    libraries = List.copyOf(libraries);
  }

  /** One bundled library (a jar on the class path or a module of the runtime). */
  public record Library(String name, String version, String license) {}
}
