package dev.fleetscope.views.shell;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Help > About: version and build, the runtime, where the log, settings and crash reports are, and
 * every bundled library with its licence. "Copy details" puts all of it on the clipboard as text.
 */
public final class AboutDialog {
  private AboutDialog() {}

  public static Dialog<Void> create(Window owner, AboutInfo info) {
    Dialog<Void> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle("About Fleetscope");
    dialog.setHeaderText("Fleetscope " + info.version());

    GridPane facts = new GridPane();
    facts.setHgap(12);
    facts.setVgap(4);
    String[][] rows = {
      {"Build", info.build()},
      {"Runtime", info.runtime()},
      {"Log file", info.logFile()},
      {"Settings", info.settingsFile()},
      {"Crash reports", info.crashDir()},
    };
    for (int i = 0; i < rows.length; i++) {
      Label key = new Label(rows[i][0]);
      key.getStyleClass().add("text-muted");
      key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
      Label value = new Label(rows[i][1]);
      value.setId("about-" + rows[i][0].toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
      value.setWrapText(true);
      facts.addRow(i, key, value);
    }

    TableView<AboutInfo.Library> libraries = new TableView<>();
    libraries.setId("about-libraries");
    libraries.getColumns().add(column("Library", AboutInfo.Library::name, 260));
    libraries.getColumns().add(column("Version", AboutInfo.Library::version, 110));
    libraries.getColumns().add(column("Licence", AboutInfo.Library::license, 300));
    libraries.getItems().setAll(info.libraries());
    libraries.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    libraries.setPrefHeight(320);
    VBox.setVgrow(libraries, Priority.ALWAYS);

    Button copy = CopyButton.of("Copy details", "about-copy", () -> asText(info));
    Label bundled = new Label(info.libraries().size() + " bundled libraries and runtime modules");
    bundled.getStyleClass().add("text-muted");
    HBox actions = new HBox(10, copy, bundled);
    actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    VBox body = new VBox(10, facts, libraries, actions);
    body.setPadding(new Insets(8, 14, 0, 14));
    dialog.getDialogPane().setContent(body);
    // The theme caps dialog panes at 600 px; these tables and reports need more room.
    dialog.getDialogPane().setMinWidth(720);
    dialog.getDialogPane().setPrefWidth(720);
    dialog.setResizable(true);
    dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    return dialog;
  }

  /** The dialog's content as plain text. */
  public static String asText(AboutInfo info) {
    StringBuilder out = new StringBuilder();
    out.append("Fleetscope ").append(info.version()).append('\n');
    out.append("Build: ").append(info.build()).append('\n');
    out.append("Runtime: ").append(info.runtime()).append('\n');
    out.append("Log file: ").append(info.logFile()).append('\n');
    out.append("Settings: ").append(info.settingsFile()).append('\n');
    out.append("Crash reports: ").append(info.crashDir()).append('\n');
    out.append("Bundled libraries:\n");
    for (AboutInfo.Library l : info.libraries()) {
      out.append("  ")
          .append(l.name())
          .append(' ')
          .append(l.version())
          .append(": ")
          .append(l.license())
          .append('\n');
    }
    return out.toString();
  }

  private static TableColumn<AboutInfo.Library, String> column(
      String title, java.util.function.Function<AboutInfo.Library, String> value, double width) {
    TableColumn<AboutInfo.Library, String> c = new TableColumn<>(title);
    c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
    c.setPrefWidth(width);
    return c;
  }
}
