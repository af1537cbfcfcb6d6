package dev.fleetscope.views.shell;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;

/** A section's live view, created the first time the user opens the section. */
public interface SectionView {
  Node node();

  /** True once the section shows real data (or a final error), e.g. for the smoke test. */
  ObservableBooleanValue loaded();

  /** Ctrl+F: focus the section's main filter box. */
  void focusSearch();

  /** Scopes the section to a cluster and filter, for drill-down from another section. */
  default void drill(Drill drill) {}

  /** Named inner screens (tabs) a section has, for the smoke test's screenshots. */
  default java.util.List<String> subViews() {
    return java.util.List.of();
  }

  /** Shows one of {@link #subViews()}. */
  default void showSubView(String name) {}

  /** Unsubscribes from sources and stops per-pulse work. */
  void close();
}
