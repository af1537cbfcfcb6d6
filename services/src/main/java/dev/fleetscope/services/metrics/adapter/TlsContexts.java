package dev.fleetscope.services.metrics.adapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds an {@link SSLContext} from PEM files: the system's trusted CAs plus an extra CA bundle,
 * and a client certificate with its PKCS#8 key. Errors name the file and what was expected.
 */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext build(PrometheusEndpoint.Tls tls) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      TrustManager[] trust =
          tls.insecureSkipVerify()
              ? new TrustManager[] {new TrustEverything()}
              : trustManagers(tls.caFile().map(TlsContexts::readCertificates).orElse(List.of()));
      javax.net.ssl.KeyManager[] keys = null;
      if (tls.clientCertFile().isPresent()) {
        Path certFile = tls.clientCertFile().get();
        Path keyFile =
            tls.clientKeyFile()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "client certificate " + certFile + " needs a key file as well"));
        keys = keyManagers(readCertificates(certFile), readKey(keyFile));
      }
      ctx.init(keys, trust, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trustManagers(List<X509Certificate> extra)
      throws GeneralSecurityException {
    TrustManagerFactory system =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    system.init((KeyStore) null);
    if (extra.isEmpty()) {
      return system.getTrustManagers();
    }
    KeyStore store = emptyStore();
    int i = 0;
    for (TrustManager tm : system.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        for (X509Certificate c : x.getAcceptedIssuers()) {
          store.setCertificateEntry("system-" + i++, c);
        }
      }
    }
    for (X509Certificate c : extra) {
      store.setCertificateEntry("extra-" + i++, c);
    }
    TrustManagerFactory combined =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    combined.init(store);
    return combined.getTrustManagers();
  }

  private static javax.net.ssl.KeyManager[] keyManagers(List<X509Certificate> chain, PrivateKey key)
      throws GeneralSecurityException {
    KeyStore store = emptyStore();
    char[] none = new char[0];
    store.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, none);
    return kmf.getKeyManagers();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return store;
  }

  static List<X509Certificate> readCertificates(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(file + ": no PEM certificate found");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read certificate file " + file + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          file + ": not a PEM certificate (-----BEGIN CERTIFICATE-----): " + e.getMessage(), e);
    }
  }

  static PrivateKey readKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read key file " + file + ": " + e, e);
    }
    if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
      throw new IllegalArgumentException(
          file
              + ": the key is in the old PKCS#1/SEC1 form; convert it with "
              + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          file + ": expected a PKCS#8 key (-----BEGIN PRIVATE KEY-----)");
    }
    String body = pem.substring(begin + 27, end).replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException tryNext) {
        // not this algorithm
      }
    }
    throw new IllegalArgumentException(file + ": not an RSA, EC or Ed25519 private key");
  }

  /**
   * Used only when the user turned verification off. Skipping the checks here also skips the host
   * name check, which the JDK performs inside the extended trust manager.
   */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
