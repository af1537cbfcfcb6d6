package dev.fleetscope.views.widgets;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;

/** A section's line of source problems: warning-coloured, wrapped, and gone while empty. */
public final class ProblemLine {
  private ProblemLine() {}

  public static Label of(String id, ObservableStringValue text) {
    Label l = new Label();
    l.setId(id);
    l.setWrapText(true);
    l.setStyle("-fx-text-fill: -color-warning-fg;");
    l.textProperty().bind(text);
    l.visibleProperty().bind(l.textProperty().isNotEmpty());
    l.managedProperty().bind(l.visibleProperty());
    return l;
  }
}
