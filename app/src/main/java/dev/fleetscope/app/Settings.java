package dev.fleetscope.app;

import dev.fleetscope.views.shell.Theme;
import dev.fleetscope.views.shell.ThemePreference;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User settings kept between runs in a small properties file. Read once at start; writes go to the
 * I/O executor so the FX thread never touches the disk.
 */
public final class Settings implements ThemePreference {
  private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
  private final Path file;
  private final Executor io;
  private final Properties values = new Properties();

  public Settings(Path file, Executor io) {
    this.file = file;
    this.io = io;
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        values.load(r);
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("settings file {} could not be read ({}); using defaults", file, e.getMessage());
      }
    }
  }

  @Override
  public synchronized Theme load() {
    return Theme.parse(values.getProperty("theme")).orElse(Theme.LIGHT);
  }

  @Override
  public synchronized void save(Theme theme) {
    values.setProperty("theme", theme.name().toLowerCase(java.util.Locale.ROOT));
    Properties copy = new Properties();
    copy.putAll(values);
    io.execute(() -> write(copy));
  }

  private void write(Properties copy) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        copy.store(w, "Fleetscope settings");
      }
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("settings could not be saved to {}: {}", file, e.getMessage());
    }
  }

  public Path file() {
    return file;
  }
}
