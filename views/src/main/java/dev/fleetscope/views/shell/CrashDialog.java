package dev.fleetscope.views.shell;

import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Shown when something in the console failed unexpectedly: what happened in one line, where the
 * report was saved, and the report itself (credentials already masked) to copy into a bug report.
 * The console keeps running; what the user typed or loaded stays.
 */
public final class CrashDialog {
  private CrashDialog() {}

  public static Dialog<Void> create(Window owner, String summary, String report, String file) {
    Dialog<Void> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle("Fleetscope hit an internal error");
    dialog.setHeaderText(summary);
    Label where =
        new Label(
            "The console keeps running. A report was saved to "
                + file
                + "; credentials in it are masked.");
    where.setWrapText(true);
    where.setId("crash-file");
    TextArea text = new TextArea(report);
    text.setId("crash-report");
    text.setEditable(false);
    text.setPrefRowCount(18);
    text.setStyle("-fx-font-family: monospace;");
    VBox.setVgrow(text, Priority.ALWAYS);
    Button copy = CopyButton.of("Copy report", "crash-copy", () -> report);
    VBox body = new VBox(10, where, text, new HBox(copy));
    body.setPadding(new javafx.geometry.Insets(8, 14, 0, 14));
    dialog.getDialogPane().setContent(body);
    // The theme caps dialog panes at 600 px; these tables and reports need more room.
    dialog.getDialogPane().setMinWidth(760);
    dialog.getDialogPane().setPrefWidth(760);
    dialog.setResizable(true);
    dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    return dialog;
  }
}
