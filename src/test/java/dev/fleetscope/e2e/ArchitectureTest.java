package dev.fleetscope.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of ../shared/DESIGN.md, enforced on every build. */
@AnalyzeClasses(packages = "dev.fleetscope", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  static final String[] ADAPTERS = {"..adapter..", "dev.fleetscope.services.demo.."};

  @ArchTest
  static final ArchRule servicesNeverUseJavaFx =
      noClasses()
          .that()
          .resideInAPackage("dev.fleetscope.services..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("javafx..")
          .because(
              "services run headless (export, tests, future agents) and must stay testable"
                  + " without the toolkit");

  @ArchTest
  static final ArchRule probeNeverUsesJavaFx =
      noClasses()
          .that()
          .resideInAPackage("dev.fleetscope.probe..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "dev.fleetscope.views..", "dev.fleetscope.app..")
          .because("the GPU probe runs alone on GPU hosts, shipped as its own small bundle");

  @ArchTest
  static final ArchRule viewsNeverTalkToTheOutsideWorld =
      noClasses()
          .that()
          .resideInAPackage("dev.fleetscope.views..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.fabric8..",
              "java.net.http..",
              "okhttp3..",
              "io.vertx..",
              "org.apache.hc..",
              "com.sun.net.httpserver..",
              "jcuda..",
              "dev.fleetscope.probe.jcuda..")
          .because(
              "views see domain types and ports only; I/O belongs to adapters, so the"
                  + " FX thread never blocks on the network");

  @ArchTest
  static final ArchRule onlyAppWiresAdaptersToPorts =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "dev.fleetscope.app..", "..adapter..", "dev.fleetscope.services.demo..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ADAPTERS)
          .because(
              "which adapter serves which port is decided in one place (app), so views and"
                  + " the domain can be tested against any implementation of a port");

  @ArchTest
  static final ArchRule servicesDoNotKnowViewsOrApp =
      noClasses()
          .that()
          .resideInAPackage("dev.fleetscope.services..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.fleetscope.views..", "dev.fleetscope.app..")
          .because("dependencies point inward: app -> views -> services");

  @ArchTest
  static final ArchRule viewsDoNotKnowApp =
      noClasses()
          .that()
          .resideInAPackage("dev.fleetscope.views..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.fleetscope.app..")
          .because("views receive their ports by constructor; only app knows the wiring");
}
