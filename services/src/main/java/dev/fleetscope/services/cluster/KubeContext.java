package dev.fleetscope.services.cluster;

import java.nio.file.Path;

/**
 * A kubeconfig context as the Connect dialog lists it. Holds names and addresses only, never
 * credentials.
 *
 * @param source the kubeconfig file that defines the context
 * @param tlsVerified false when its cluster sets {@code insecure-skip-tls-verify}
 */
public record KubeContext(
    String name,
    String cluster,
    String server,
    String user,
    String namespace,
    Path source,
    boolean tlsVerified) {}
