package dev.fleetscope.views.connect;

import dev.fleetscope.views.connect.ConnectViewModel.ContextChoice;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Lists the kubeconfig's contexts to connect to, with an optional Prometheus URL. */
public final class ConnectDialog extends Dialog<ConnectionRequest> {
  public static final ButtonType CONNECT = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);

  public ConnectDialog(ConnectViewModel model, Window owner) {
    setTitle("Connect");
    setHeaderText("Choose kubeconfig contexts to watch (several at once)");
    if (owner != null) {
      initOwner(owner);
    }
    TextField path = new TextField();
    path.setId("connect-kubeconfig");
    path.setPromptText("default: $KUBECONFIG or ~/.kube/config");
    path.textProperty().bindBidirectional(model.kubeconfigPathProperty());
    Button reload = new Button("Read");
    reload.setId("connect-read");
    reload.setOnAction(e -> model.load());
    reload.disableProperty().bind(model.loadingProperty());
    HBox pathRow = new HBox(6, path, reload);
    HBox.setHgrow(path, Priority.ALWAYS);

    TableView<ContextChoice> table = new TableView<>(model.contexts());
    table.setId("connect-contexts");
    table.setEditable(true);
    TableColumn<ContextChoice, Boolean> use = new TableColumn<>("Use");
    use.setCellValueFactory(c -> c.getValue().selected());
    use.setCellFactory(CheckBoxTableCell.forTableColumn(use));
    use.setEditable(true);
    use.setPrefWidth(50);
    table.getColumns().add(use);
    table.getColumns().add(text("Context", c -> c.context().name(), 170));
    table.getColumns().add(text("Cluster", c -> c.context().cluster(), 140));
    table.getColumns().add(text("Server", c -> c.context().server(), 230));
    table.getColumns().add(text("Namespace", c -> c.context().namespace(), 100));
    table.getColumns().add(text("TLS", c -> c.context().tlsVerified() ? "verified" : "OFF", 70));
    table.setPlaceholder(new Label("No contexts read yet"));
    table.setPrefHeight(220);

    TextField prometheus = new TextField();
    prometheus.setId("connect-prometheus");
    prometheus.setPromptText(
        "empty: look for it in each cluster · or http://host:9090 · or monitoring/prometheus-k8s:9090");
    prometheus.textProperty().bindBidirectional(model.prometheusUrlProperty());

    Label sources = new Label();
    sources.getStyleClass().add("text-muted");
    sources.textProperty().bind(model.sourcesProperty());
    Label error = new Label();
    error.setId("connect-error");
    error.getStyleClass().add("danger");
    error.setWrapText(true);
    error.textProperty().bind(model.errorProperty());

    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(8);
    form.addRow(0, new Label("Kubeconfig"), pathRow);
    form.addRow(1, new Label("Prometheus"), prometheus);
    GridPane.setHgrow(pathRow, Priority.ALWAYS);
    VBox box = new VBox(8, form, sources, table, error);
    box.setPadding(new Insets(4));
    box.setPrefWidth(820);
    getDialogPane().setContent(box);
    getDialogPane().getButtonTypes().addAll(CONNECT, ButtonType.CANCEL);
    Button ok = (Button) getDialogPane().lookupButton(CONNECT);
    ok.addEventFilter(
        ActionEvent.ACTION,
        e -> {
          if (model.request().isEmpty()) {
            e.consume(); // keep the dialog open: the error label says what to fix
          }
        });
    setResultConverter(b -> b == CONNECT ? model.request().orElse(null) : null);
    model.load();
  }

  private static TableColumn<ContextChoice, String> text(
      String title, java.util.function.Function<ContextChoice, String> f, double width) {
    TableColumn<ContextChoice, String> c = new TableColumn<>(title);
    c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
    c.setPrefWidth(width);
    c.setEditable(false);
    return c;
  }

  /** Shows the dialog and waits for the user's choice. */
  public Optional<ConnectionRequest> ask() {
    return showAndWait();
  }
}
