package dev.eddy;

import dev.eddy.internal.app.Exchange;
import dev.eddy.internal.tls.KeyMaterial;
import dev.eddy.internal.tls.SelfSigned;
import dev.eddy.internal.tls.ServerTls;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * Tls is the server's HTTPS configuration: a private key with its certificate chain, from PEM
 * files, a PKCS#12 key store, or generated for development:
 *
 * <pre>{@code
 * app.tls(Tls.pem(Path.of("fullchain.pem"), Path.of("key.pem")));
 * app.tls(Tls.pkcs12(Path.of("server.p12"), password));
 * app.tls(Tls.selfSigned());                    // development only: browsers will warn
 * }</pre>
 *
 * The key and certificates are read when the {@code Tls} is made, so a missing file, a wrong
 * password or a key in the wrong format fails there, with an {@link IllegalArgumentException}
 * naming the file. The server then speaks only HTTPS on its port: TLS 1.3 and 1.2, forward-secret
 * AEAD cipher suites, ALPN {@code http/1.1}, on the JDK's TLS provider. A handshake that fails
 * (plain HTTP to the port, a client that distrusts the certificate, no common protocol) or takes
 * longer than {@link #handshakeTimeout} closes the connection and is logged at debug level.
 *
 * <p>Whether a request came over TLS: {@link #isSecure(Context)}, {@link #session(Context)}.
 */
public final class Tls {
  private final KeyMaterial material;
  private final Duration handshakeTimeout;

  private Tls(KeyMaterial material, Duration handshakeTimeout) {
    this.material = material;
    this.handshakeTimeout = handshakeTimeout;
  }

  /**
   * A certificate chain (PEM, leaf first: a {@code fullchain.pem}) and an unencrypted PKCS#8 PEM
   * private key ({@code BEGIN PRIVATE KEY}).
   */
  public static Tls pem(Path certificateChain, Path privateKey) {
    return new Tls(KeyMaterial.pem(Objects.requireNonNull(certificateChain, "certificateChain"),
        Objects.requireNonNull(privateKey, "privateKey"), null), Duration.ofSeconds(10));
  }

  /** The same with an encrypted PKCS#8 key ({@code BEGIN ENCRYPTED PRIVATE KEY}) and its password. */
  public static Tls pem(Path certificateChain, Path privateKey, char[] password) {
    return new Tls(KeyMaterial.pem(Objects.requireNonNull(certificateChain, "certificateChain"),
        Objects.requireNonNull(privateKey, "privateKey"), Objects.requireNonNull(password, "password")), Duration.ofSeconds(10));
  }

  /** The private key entry of a PKCS#12 key store ({@code .p12}, {@code .pfx}); there must be exactly one. */
  public static Tls pkcs12(Path keyStore, char[] password) {
    return new Tls(KeyMaterial.pkcs12(Objects.requireNonNull(keyStore, "keyStore"),
        Objects.requireNonNull(password, "password"), null), Duration.ofSeconds(10));
  }

  /** The key entry named {@code alias} of a PKCS#12 key store. */
  public static Tls pkcs12(Path keyStore, char[] password, String alias) {
    return new Tls(KeyMaterial.pkcs12(Objects.requireNonNull(keyStore, "keyStore"),
        Objects.requireNonNull(password, "password"), Objects.requireNonNull(alias, "alias")), Duration.ofSeconds(10));
  }

  /**
   * A certificate generated now, signed by itself, for development: valid for 30 days for
   * {@code localhost}, {@code 127.0.0.1} and {@code ::1}, plus {@code names} (host names or IP
   * addresses). Clients don't trust it unless told to ({@link #clientContext()}); browsers warn.
   * Needs BouncyCastle ({@code org.bouncycastle:bcpkix-jdk18on}) on the class path, which Eddy
   * does not bring along for production apps: an {@link IllegalStateException} says so if missing.
   */
  public static Tls selfSigned(String... names) {
    try {
      Class.forName("org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder", false, Tls.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("Tls.selfSigned() needs BouncyCastle: add org.bouncycastle:bcpkix-jdk18on to the "
          + "dependencies (development only), or configure a real certificate with Tls.pem or Tls.pkcs12");
    }
    List<String> all = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
    for (String n : names) {
      if (!all.contains(Objects.requireNonNull(n, "name"))) {
        all.add(n);
      }
    }
    return new Tls(SelfSigned.generate(all), Duration.ofSeconds(10));
  }

  /** The same, with a different limit on how long a TLS handshake may take (10 s by default). */
  public Tls handshakeTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive, got " + timeout);
    }
    return new Tls(material, timeout);
  }

  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** The certificate chain the server presents, leaf first. */
  public X509Certificate[] certificateChain() {
    return material.chain().clone();
  }

  /**
   * A client context that trusts this server's certificate (the last of the chain), for tests and
   * development: {@code HttpClient.newBuilder().sslContext(tls.clientContext())}. Production
   * clients trust a certificate authority instead.
   */
  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      X509Certificate[] chain = material.chain();
      trust.setCertificateEntry("eddy-server", chain[chain.length - 1]);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Can't make a client context for this certificate: " + e.getMessage(), e);
    }
  }

  /** Whether the request came over TLS. */
  public static boolean isSecure(Context ctx) {
    return session(ctx) != null;
  }

  /**
   * The TLS session the request came over (protocol, cipher suite, peer certificates), or null for
   * plain HTTP.
   */
  public static SSLSession session(Context ctx) {
    return Objects.requireNonNull(ctx, "ctx") instanceof Exchange ex ? ex.tlsSession() : null;
  }

  /** The Netty context the server serves with. */
  SslContext nettyContext() {
    return ServerTls.context(material);
  }
}
