package dev.fleetscope.app;

import dev.fleetscope.views.shell.AboutInfo;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gathers what Help > About shows: version, build, runtime, file locations, and the libraries this
 * process actually runs with (jars on the class path, JavaFX modules linked into the runtime) with
 * the licence each is distributed under.
 */
public final class About {
  private static final Pattern JAR = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar");

  private About() {}

  public static AboutInfo collect(AppPaths paths) {
    String runtime =
        System.getProperty("java.vm.name", "Java")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version"))
            + " on "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")";
    return new AboutInfo(
        Version.current(),
        Version.build(),
        runtime,
        paths.logFile().toString(),
        paths.settingsFile().toString(),
        CrashReports.dir(paths).toString(),
        libraries(System.getProperty("java.class.path", "")));
  }

  /** The bundled libraries: class-path jars and JavaFX runtime modules, each once, by name. */
  public static List<AboutInfo.Library> libraries(String classPath) {
    Map<String, AboutInfo.Library> byName = new LinkedHashMap<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      Matcher m = JAR.matcher(Path.of(entry).getFileName() == null ? "" : fileName(entry));
      if (m.matches()) {
        String name = m.group(1);
        byName.putIfAbsent(name, new AboutInfo.Library(name, m.group(2), license(name)));
      }
    }
    for (Module module : ModuleLayer.boot().modules()) {
      String name = module.getName();
      if (name.startsWith("javafx.")) {
        String version = module.getDescriptor().rawVersion().orElse("");
        byName.putIfAbsent(name, new AboutInfo.Library(name, version, license("javafx-")));
      }
    }
    byName.put(
        "Java runtime",
        new AboutInfo.Library(
            "Java runtime (" + System.getProperty("java.vendor", "OpenJDK") + ")",
            System.getProperty("java.runtime.version", System.getProperty("java.version")),
            "GPL-2.0 with Classpath Exception"));
    List<AboutInfo.Library> out = new ArrayList<>(byName.values());
    out.sort(Comparator.comparing(l -> l.name().toLowerCase(java.util.Locale.ROOT)));
    return out;
  }

  private static String fileName(String entry) {
    return Path.of(entry).getFileName().toString();
  }

  /** The licence of a library by its artifact name; the longest prefix listed wins. */
  public static String license(String artifact) {
    String best = null;
    String license = null;
    for (Map.Entry<Object, Object> e : licenses().entrySet()) {
      String prefix = (String) e.getKey();
      if (artifact.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
        license = (String) e.getValue();
      }
    }
    return license == null ? "unknown: see the library's own notice" : license;
  }

  private static volatile Properties licenses;

  private static Properties licenses() {
    Properties p = licenses;
    if (p == null) {
      p = new Properties();
      try (InputStream in = About.class.getResourceAsStream("licenses.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        // An empty table names every licence unknown, which BundledLicensesTest catches.
      }
      licenses = p;
    }
    return p;
  }
}
