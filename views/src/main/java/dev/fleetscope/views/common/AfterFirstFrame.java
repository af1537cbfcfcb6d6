package dev.fleetscope.views.common;

import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;

/**
 * Defers work that need not be in a window's first frame (building table skins and styling them)
 * until that frame is laid out, so the window shows sooner; the work then runs on the FX thread
 * while the render thread paints the first frame.
 */
public final class AfterFirstFrame {
  private AfterFirstFrame() {}

  /**
   * Runs {@code work} on the FX thread after the first layout pulse of the scene {@code node} is
   * in.
   */
  public static void run(Node node, Runnable work) {
    if (node.getScene() != null) {
      afterPulse(node.getScene(), work);
      return;
    }
    ChangeListener<Scene> waiting =
        new ChangeListener<>() {
          @Override
          public void changed(
              javafx.beans.value.ObservableValue<? extends Scene> o, Scene was, Scene now) {
            if (now != null) {
              node.sceneProperty().removeListener(this);
              afterPulse(now, work);
            }
          }
        };
    node.sceneProperty().addListener(waiting);
  }

  private static void afterPulse(Scene scene, Runnable work) {
    Runnable once =
        new Runnable() {
          @Override
          public void run() {
            scene.removePostLayoutPulseListener(this);
            Platform.runLater(work);
          }
        };
    scene.addPostLayoutPulseListener(once);
    // A scene already shown and idle has no pulse coming: ask for one.
    Platform.requestNextPulse();
  }
}
