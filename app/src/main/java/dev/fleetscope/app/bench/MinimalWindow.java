package dev.fleetscope.app.bench;

import atlantafx.base.theme.PrimerLight;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline for start-up: a window with one label, same toolkit, theme and window size as the
 * console, started the same way, measured the same way (JVM start to first laid-out frame).
 */
final class MinimalWindow {
  private MinimalWindow() {}

  static int run() throws Exception {
    CompletableFuture<Long> firstFrame = new CompletableFuture<>();
    Platform.startup(
        () -> {
          Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
          Stage stage = new Stage();
          Scene scene = new Scene(new StackPane(new Label("Hello")), 1440, 900);
          Runnable once =
              new Runnable() {
                @Override
                public void run() {
                  firstFrame.complete(
                      System.currentTimeMillis()
                          - ManagementFactory.getRuntimeMXBean().getStartTime());
                  scene.removePostLayoutPulseListener(this);
                }
              };
          scene.addPostLayoutPulseListener(once);
          stage.setScene(scene);
          stage.show();
        });
    long ms = firstFrame.get(60, TimeUnit.SECONDS);
    System.out.println(Benchmarks.result("minimal-window-first-frame", ms, "ms"));
    Platform.exit();
    return 0;
  }
}
