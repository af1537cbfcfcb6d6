package dev.fleetscope.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that need an outside program may skip on a developer's machine, with a message naming what
 * is missing; under CI (the CI environment variable is set) the same gap fails the test, because a
 * skipped test proves nothing.
 */
final class CiRequirements {
  private CiRequirements() {}

  static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci);
  }

  static void require(boolean present, String what) {
    if (present) {
      return;
    }
    String message = what + " is missing; install it to run this test (CI installs it in .ci/run)";
    if (inCi()) {
      fail("CI=true but " + message);
    }
    assumeTrue(false, message);
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
