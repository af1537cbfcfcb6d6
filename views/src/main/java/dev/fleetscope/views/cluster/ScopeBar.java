package dev.fleetscope.views.cluster;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A cluster view's heading: title, cluster and namespace choosers, and the notices (no access, not
 * installed, stale) for the clusters in scope.
 */
final class ScopeBar extends VBox {
  private final ChoiceBox<String> clusters = new ChoiceBox<>();
  private final ChoiceBox<String> namespaces = new ChoiceBox<>();
  private final VBox notices = new VBox(2);

  ScopeBar(String title, ClusterSectionModel model, boolean withNamespace) {
    super(6);
    Label heading = new Label(title);
    heading.getStyleClass().add("section-title");
    clusters.setId("scope-cluster");
    namespaces.setId("scope-namespace");
    bind(clusters, model.clusterChoicesProperty().get(), model.clusterProperty().get());
    model
        .clusterChoicesProperty()
        .addListener((o, a, b) -> bind(clusters, b, model.clusterProperty().get()));
    clusters
        .valueProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null) {
                model.clusterProperty().set(b);
              }
            });
    model.clusterProperty().addListener((o, a, b) -> clusters.setValue(b));
    bind(namespaces, model.namespaceChoicesProperty().get(), model.namespaceProperty().get());
    model
        .namespaceChoicesProperty()
        .addListener((o, a, b) -> bind(namespaces, b, model.namespaceProperty().get()));
    namespaces
        .valueProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null) {
                model.namespaceProperty().set(b);
              }
            });
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox row = new HBox(8, heading, spacer, new Label("Cluster"), clusters);
    if (withNamespace) {
      row.getChildren().addAll(new Label("Namespace"), namespaces);
    }
    row.setAlignment(Pos.CENTER_LEFT);
    notices.setId("scope-notices");
    showNotices(model.noticesProperty().get());
    model.noticesProperty().addListener((o, a, b) -> showNotices(b));
    getChildren().addAll(row, notices);
  }

  private static void bind(ChoiceBox<String> box, List<String> choices, String value) {
    if (!box.getItems().equals(choices)) {
      box.setItems(FXCollections.observableArrayList(choices));
    }
    box.setValue(choices.contains(value) ? value : choices.isEmpty() ? null : choices.get(0));
  }

  private void showNotices(List<String> list) {
    notices.getChildren().clear();
    for (String text : list) {
      Label l = new Label(text);
      l.getStyleClass().add("scope-notice");
      l.setWrapText(true);
      notices.getChildren().add(l);
    }
  }
}
