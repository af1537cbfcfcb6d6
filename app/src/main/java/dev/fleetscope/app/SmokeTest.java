package dev.fleetscope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscope.views.shell.Section;
import dev.fleetscope.views.shell.SectionView;
import dev.fleetscope.views.shell.Theme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --smoke-test DIR}: starts the console as a user would, opens every section once, writes
 * {@code DIR/<section>.png} (and the same in the other theme under {@code DIR/<theme>/}) and {@code
 * DIR/smoke.json}, and exits non-zero on any error.
 */
final class SmokeTest {
  private static final Logger LOG = LoggerFactory.getLogger(SmokeTest.class);
  static final long SECTION_TIMEOUT_MILLIS = 60_000;

  private SmokeTest() {}

  static int run(ConsoleServices services, Settings settings, Path dir, ErrorCollector collector)
      throws Exception {
    Files.createDirectories(dir);
    List<String> errors = new ArrayList<>();
    ConsoleWindow window = ConsoleWindow.startAndConnect(services, settings);
    long firstFrame = window.firstFrameMillis().get(60, TimeUnit.SECONDS);

    Map<String, Long> sections = new LinkedHashMap<>();
    for (Section section : window.mainWindow().sections()) {
      long t0 = System.nanoTime();
      SectionView view = FxThread.call(() -> window.mainWindow().select(section.id()));
      if (!FxThread.await(() -> view.loaded().get(), SECTION_TIMEOUT_MILLIS)) {
        errors.add(
            "section "
                + section.id()
                + " showed no data within "
                + SECTION_TIMEOUT_MILLIS / 1000
                + " s");
      }
      FxThread.pulses(3);
      WritableImage image = FxThread.call(() -> window.stage().getScene().snapshot(null));
      sections.put(section.id(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      writePng(image, dir.resolve(section.id() + ".png"));
      writeSubViews(window, section, view, dir);
    }

    // The same screens in the other theme, so both can be looked at; not remembered.
    Theme original = FxThread.call(() -> window.theme().current());
    Theme other = original.other();
    FxThread.run(() -> window.theme().apply(other, false));
    Path otherDir = dir.resolve(other.name().toLowerCase(Locale.ROOT));
    Files.createDirectories(otherDir);
    for (Section section : window.mainWindow().sections()) {
      SectionView view = FxThread.call(() -> window.mainWindow().select(section.id()));
      FxThread.pulses(3);
      WritableImage image = FxThread.call(() -> window.stage().getScene().snapshot(null));
      writePng(image, otherDir.resolve(section.id() + ".png"));
      writeSubViews(window, section, view, otherDir);
    }
    FxThread.run(() -> window.theme().apply(original, false));

    errors.addAll(collector.errors());
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode json = mapper.createObjectNode();
    json.put("startupToFirstFrameMs", firstFrame);
    ObjectNode perSection = json.putObject("sections");
    sections.forEach(perSection::put);
    json.putPOJO("errors", errors);
    json.put("demo", services.commandLine().demo());
    json.put("version", Version.current());
    Files.writeString(dir.resolve("smoke.json"), mapper.writeValueAsString(json) + "\n");
    LOG.info(
        "smoke test: first frame {} ms, sections {}, {} errors",
        firstFrame,
        sections,
        errors.size());
    System.out.println(
        "smoke test: first frame "
            + firstFrame
            + " ms, sections "
            + sections
            + ", errors "
            + errors.size()
            + " -> "
            + dir.resolve("smoke.json"));
    errors.forEach(e -> System.err.println("smoke test error: " + e));

    FxThread.run(window::close);
    services.close();
    Platform.exit();
    return errors.isEmpty() ? 0 : 1;
  }

  /** One picture per sub-view (tab) of a section, then back to its first. */
  private static void writeSubViews(
      ConsoleWindow window, Section section, SectionView view, Path dir) throws Exception {
    for (String sub : view.subViews()) {
      FxThread.run(() -> view.showSubView(sub));
      FxThread.pulses(3);
      writePng(
          FxThread.call(() -> window.stage().getScene().snapshot(null)),
          dir.resolve(section.id() + "-" + sub + ".png"));
    }
    if (!view.subViews().isEmpty()) {
      FxThread.run(() -> view.showSubView(view.subViews().get(0)));
    }
  }

  static void writePng(WritableImage image, Path file) throws IOException {
    BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
    ImageIO.write(buffered, "png", file.toFile());
  }
}
