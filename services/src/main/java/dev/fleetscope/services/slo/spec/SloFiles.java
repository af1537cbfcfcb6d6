package dev.fleetscope.services.slo.spec;

import dev.fleetscope.services.slo.SloSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SLO definitions in any of the four formats Fleetscope understands, telling them apart by
 * {@code apiVersion}/{@code kind} (or Fleetscope's {@code fleetscope:} key): Pyrra
 * ServiceLevelObjective, Sloth PrometheusServiceLevel (object or plain {@code prometheus/v1} file),
 * OpenSLO v1 SLO with inline or referenced SLI, and Fleetscope's own file format. One bad SLO is
 * reported and skipped; the others in the file still load.
 */
public final class SloFiles {

  /** What a file or object gave: usable specs and one problem per unusable one. */
  public record Result(List<SloSpec> specs, List<SpecProblem> problems) {
    public Result {
      specs = List.copyOf(specs);
      problems = List.copyOf(problems);
    }

    public List<String> messages() {
      return problems.stream().map(SpecProblem::getMessage).toList();
    }
  }

  private SloFiles() {}

  public static Result read(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.toString(), "", r);
    } catch (IOException e) {
      return new Result(
          List.of(),
          List.of(new SpecProblem(file.toString(), "", "cannot read: " + e.getMessage())));
    }
  }

  /**
   * @param name the file name or object reference used in messages
   * @param cluster the kube context the text came from, or empty for a file
   */
  public static Result read(String name, String cluster, String text) {
    return read(name, cluster, new StringReader(text));
  }

  static Result read(String name, String cluster, Reader reader) {
    List<SloSpec> specs = new ArrayList<>();
    List<SpecProblem> problems = new ArrayList<>();
    List<YamlNode> docs;
    try {
      docs = YamlNode.documents(name, reader);
    } catch (SpecProblem p) {
      return new Result(List.of(), List.of(p));
    }
    Map<String, YamlNode> openSloIndicators = new HashMap<>();
    for (YamlNode doc : docs) {
      if ("openslo/v1".equals(doc.get("apiVersion").string(""))
          && "SLI".equals(doc.get("kind").string(""))) {
        openSloIndicators.put(doc.get("metadata").get("name").string(""), doc);
      }
    }
    for (YamlNode doc : docs) {
      try {
        String api = doc.get("apiVersion").string("");
        String kind = doc.get("kind").string("");
        if (api.startsWith("pyrra.dev/") && kind.equals("ServiceLevelObjective")) {
          specs.add(PyrraFormat.read(doc, cluster));
        } else if (api.startsWith("sloth.slok.dev/") && kind.equals("PrometheusServiceLevel")) {
          SlothFormat.read(doc, doc.get("spec"), cluster, specs, problems);
        } else if (doc.get("version").string("").equals("prometheus/v1")) {
          SlothFormat.read(doc, doc, cluster, specs, problems);
        } else if (api.equals("openslo/v1") && kind.equals("SLO")) {
          specs.add(OpenSloFormat.read(doc, openSloIndicators, cluster));
        } else if (api.equals("openslo/v1")) {
          continue; // SLIs are read through the SLOs that use them; other kinds are not SLOs
        } else if (doc.has("fleetscope")) {
          FleetscopeFormat.read(doc, cluster, specs, problems);
        } else {
          throw doc.problem(
              "not an SLO this reader knows (apiVersion '"
                  + api
                  + "', kind '"
                  + kind
                  + "'); expected "
                  + "pyrra.dev/v1alpha1 ServiceLevelObjective, sloth.slok.dev/v1 PrometheusServiceLevel, "
                  + "openslo/v1 SLO, or a Fleetscope file (fleetscope: slo/v1)");
        }
      } catch (SpecProblem p) {
        problems.add(p);
      }
    }
    return new Result(specs, problems);
  }
}
