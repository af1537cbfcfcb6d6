package dev.fleetscope.services.metrics.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Real certificates made by the JDK's keytool for TLS tests: a self-signed server certificate for
 * 127.0.0.1 (it acts as its own CA) and a client certificate, each also written as PEM the way a
 * user would hand them to Fleetscope.
 */
final class TestCertificates {
  private static final char[] PASS = "changeit".toCharArray();

  final Path serverStore;
  final Path serverCertPem;
  final Path clientStore;
  final Path clientCertPem;
  final Path clientKeyPem;

  TestCertificates(Path dir) throws Exception {
    serverStore = dir.resolve("server.p12");
    serverCertPem = dir.resolve("server-ca.pem");
    clientStore = dir.resolve("client.p12");
    clientCertPem = dir.resolve("client.pem");
    clientKeyPem = dir.resolve("client-key.pem");
    keyPair(
        serverStore,
        "server",
        "CN=localhost",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost");
    exportPem(serverStore, "server", serverCertPem);
    keyPair(
        clientStore, "client", "CN=fleetscope-test", "-keyalg", "EC", "-groupname", "secp256r1");
    exportPem(clientStore, "client", clientCertPem);
    KeyStore ks = load(clientStore);
    PrivateKey key = (PrivateKey) ks.getKey("client", PASS);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(clientKeyPem, pem);
  }

  /** The server side: its own key, and trust in the client certificate when mutual TLS is on. */
  SSLContext serverContext() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(serverStore), PASS);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("client", load(clientStore).getCertificate("client"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static void keyPair(Path store, String alias, String dname, String... options)
      throws IOException, InterruptedException {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-dname",
                dname,
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit"));
    args.addAll(List.of(options));
    keytool(args.toArray(String[]::new));
  }

  private static void exportPem(Path store, String alias, Path pem)
      throws IOException, InterruptedException {
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        alias,
        "-keystore",
        store.toString(),
        "-storepass",
        "changeit",
        "-file",
        pem.toString());
  }

  private static KeyStore load(Path p) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p)) {
      ks.load(in, PASS);
    }
    return ks;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(keytool, "-noprompt"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("keytool failed: " + out);
    }
  }
}
