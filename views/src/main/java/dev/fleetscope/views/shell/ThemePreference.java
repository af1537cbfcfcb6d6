package dev.fleetscope.views.shell;

/** Port: where the chosen theme is remembered between runs (app stores it in settings). */
public interface ThemePreference {
  Theme load();

  void save(Theme theme);
}
