package dev.fleetscope.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Fleetscope keeps its files, following the XDG base directories on Linux: settings in {@code
 * $XDG_CONFIG_HOME/fleetscope} (default {@code ~/.config/fleetscope}), logs and the demo's working
 * files in {@code $XDG_STATE_HOME/fleetscope} (default {@code ~/.local/state/fleetscope}).
 */
public record AppPaths(Path configDir, Path stateDir) {

  public static AppPaths fromEnvironment(Map<String, String> env, Path home) {
    return new AppPaths(
        base(env.get("XDG_CONFIG_HOME"), home.resolve(".config")).resolve("fleetscope"),
        base(env.get("XDG_STATE_HOME"), home.resolve(".local").resolve("state"))
            .resolve("fleetscope"));
  }

  private static Path base(String value, Path fallback) {
    // The XDG spec says relative paths are invalid and must be ignored.
    if (value == null || value.isBlank() || !Path.of(value).isAbsolute()) {
      return fallback;
    }
    return Path.of(value);
  }

  public Path logDir() {
    return stateDir.resolve("logs");
  }

  public Path logFile() {
    return logDir().resolve("fleetscope.log");
  }

  public Path settingsFile() {
    return configDir.resolve("settings.properties");
  }

  public Path demoDir() {
    return stateDir.resolve("demo");
  }
}
