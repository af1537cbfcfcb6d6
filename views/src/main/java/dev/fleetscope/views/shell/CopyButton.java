package dev.fleetscope.views.shell;

import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** A button that puts text on the system clipboard. */
final class CopyButton {
  private CopyButton() {}

  static Button of(String label, String id, Supplier<String> text) {
    Button copy = new Button(label);
    copy.setId(id);
    copy.setOnAction(
        e -> {
          ClipboardContent content = new ClipboardContent();
          content.putString(text.get());
          Clipboard.getSystemClipboard().setContent(content);
        });
    return copy;
  }
}
