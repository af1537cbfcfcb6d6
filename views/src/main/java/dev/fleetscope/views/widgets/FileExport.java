package dev.fleetscope.views.widgets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.stage.FileChooser;

/**
 * Saves what a widget exports: asks for a file on the FX thread, writes it on the I/O executor, and
 * reports a failure in one sentence (never a stack trace).
 */
public final class FileExport {
  private FileExport() {}

  /**
   * @param content taken on the FX thread (a snapshot of what is shown), written elsewhere
   */
  public static void save(
      Node owner,
      String title,
      String kind,
      String extension,
      String suggestedName,
      Supplier<byte[]> content,
      Executor io) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(title);
    chooser.setInitialFileName(suggestedName);
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, "*." + extension));
    var file =
        chooser.showSaveDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
    if (file == null) {
      return;
    }
    byte[] bytes = content.get();
    Path path = file.toPath();
    CompletableFuture.runAsync(
            () -> {
              try {
                Files.write(path, bytes);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            io)
        .exceptionally(
            e -> {
              Throwable cause = e.getCause() == null ? e : e.getCause();
              Platform.runLater(() -> showError(owner, path, cause));
              return null;
            });
  }

  private static void showError(Node owner, Path path, Throwable cause) {
    Alert alert =
        new Alert(Alert.AlertType.ERROR, "Could not save " + path + ": " + cause.getMessage());
    alert.setHeaderText("Export failed");
    if (owner.getScene() != null) {
      alert.initOwner(owner.getScene().getWindow());
    }
    alert.show();
  }
}
