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
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        serverStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        serverStore.toString(),
        "-storepass",
        "changeit",
        "-file",
        serverCertPem.toString());
    keytool(
        "-genkeypair",
        "-alias",
        "client",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=fleetscope-test",
        "-validity",
        "2",
        "-keystore",
        clientStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "client",
        "-keystore",
        clientStore.toString(),
        "-storepass",
        "changeit",
        "-file",
        clientCertPem.toString());
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
