package dev.fleetscope.views.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.Optional;

/** The two AtlantaFX themes the console offers. */
public enum Theme {
  LIGHT,
  DARK;

  public String userAgentStylesheet() {
    return this == LIGHT
        ? new PrimerLight().getUserAgentStylesheet()
        : new PrimerDark().getUserAgentStylesheet();
  }

  public Theme other() {
    return this == LIGHT ? DARK : LIGHT;
  }

  public static Optional<Theme> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
