package dev.fleetscope.views.shell;

import javafx.application.Application;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** Applies and remembers the theme; the header's toggle and Ctrl+T go through here. */
public final class ThemeController {
  private final ThemePreference preference;
  private final ReadOnlyObjectWrapper<Theme> theme = new ReadOnlyObjectWrapper<>();

  public ThemeController(ThemePreference preference) {
    this.preference = preference;
  }

  /** Applies the remembered theme; call once on the FX thread before the window shows. */
  public void applySaved() {
    apply(preference.load(), false);
  }

  public void toggle() {
    apply(theme.get() == null ? Theme.DARK : theme.get().other(), true);
  }

  public void apply(Theme next, boolean remember) {
    Application.setUserAgentStylesheet(next.userAgentStylesheet());
    theme.set(next);
    if (remember) {
      preference.save(next);
    }
  }

  public ReadOnlyObjectProperty<Theme> themeProperty() {
    return theme.getReadOnlyProperty();
  }

  public Theme current() {
    return theme.get();
  }
}
