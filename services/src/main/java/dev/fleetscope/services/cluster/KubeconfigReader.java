package dev.fleetscope.services.cluster;

import java.nio.file.Path;
import java.util.Optional;

/** Port: reads the user's kubeconfig (an explicit file, or what kubectl would read). */
@FunctionalInterface
public interface KubeconfigReader {
  KubeContextCatalog read(Optional<Path> explicitFile) throws KubeconfigException;
}
