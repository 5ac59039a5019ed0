package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.internal.tls.KeyMaterial;
import dev.eddy.internal.tls.SelfSigned;
import dev.eddy.proxy.Remote;
import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
  private static final char[] PASSWORD = "s3cret-pass".toCharArray();

  /** An app that tells how the request came in. */
  private static App app(Tls tls) {
    App app = new App();
    app.tls(tls);
    app.get("/", ctx -> ctx.text(Tls.isSecure(ctx) + " " + Tls.session(ctx).getProtocol()));
    return app;
  }

  private static HttpResponse<String> get(Tls tls, App app, String path, HttpClient.Version version) throws Exception {
    try (HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).version(version)
        .connectTimeout(Duration.ofSeconds(5)).build()) {
      return client.send(HttpRequest.newBuilder(app.uri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void aSelfSignedCertificateServesHttpsForDevelopment() throws Exception {
    Tls tls = Tls.selfSigned("dev.example");
    App app = app(tls);
    EddyTest.run(app, (server, client) -> {
      assertTrue(app.uri().toString().startsWith("https://127.0.0.1:"), app.uri().toString());
      HttpResponse<String> r = get(tls, app, "/", HttpClient.Version.HTTP_1_1);
      assertEquals("true TLSv1.3", r.body());
      HttpResponse<String> alpn = get(tls, app, "/", HttpClient.Version.HTTP_2);
      assertEquals(HttpClient.Version.HTTP_1_1, alpn.version(), "ALPN settles on http/1.1 when h2 is offered too");
      assertEquals(200, alpn.statusCode());
      List<List<?>> names = List.copyOf(tls.certificateChain()[0].getSubjectAlternativeNames());
      assertTrue(names.contains(List.of(2, "localhost")) && names.contains(List.of(2, "dev.example"))
          && names.contains(List.of(7, "127.0.0.1")), names.toString());
      try (HttpClient untrusting = HttpClient.newBuilder().build()) {
        assertThrows(SSLHandshakeException.class, () -> untrusting.send(HttpRequest.newBuilder(app.uri()).build(),
            HttpResponse.BodyHandlers.ofString()), "a client that was not told to trust it refuses it");
      }
    });
  }

  @Test
  void aPemPairServesHttpsAndAnEncryptedKeyNeedsItsPassword(@TempDir Path dir) throws Exception {
    KeyMaterial material = SelfSigned.generate(List.of("localhost", "127.0.0.1"));
    Path chain = Files.writeString(dir.resolve("fullchain.pem"), material.chainPem());
    Path key = Files.writeString(dir.resolve("key.pem"), material.keyPem());
    Path encrypted = Files.writeString(dir.resolve("key-encrypted.pem"), encryptedPem(material.key()));

    Tls plain = Tls.pem(chain, key);
    EddyTest.run(app(plain), (server, client) -> assertEquals("true TLSv1.3", get(plain, server.app(), "/", HttpClient.Version.HTTP_1_1).body()));
    Tls withPassword = Tls.pem(chain, encrypted, PASSWORD);
    EddyTest.run(app(withPassword), (server, client) ->
        assertEquals("true TLSv1.3", get(withPassword, server.app(), "/", HttpClient.Version.HTTP_1_1).body()));

    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> Tls.pem(chain, encrypted, "nope".toCharArray()));
    assertTrue(wrong.getMessage().contains("Can't decrypt the private key in " + encrypted), wrong.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Tls.pem(chain, encrypted));
    assertTrue(none.getMessage().contains("give its password"), none.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Tls.pem(dir.resolve("nope.pem"), key));
    assertTrue(missing.getMessage().contains("nope.pem"), missing.getMessage());
    Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    IllegalArgumentException old = assertThrows(IllegalArgumentException.class, () -> Tls.pem(chain, pkcs1));
    assertTrue(old.getMessage().contains("openssl pkcs8 -topk8"), old.getMessage());
  }

  @Test
  void aPkcs12StoreServesHttps(@TempDir Path dir) throws Exception {
    KeyMaterial material = SelfSigned.generate(List.of("localhost", "127.0.0.1"));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", material.key(), PASSWORD, new Certificate[] {material.chain()[0]});
    Path file = dir.resolve("server.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD);
    }
    Tls tls = Tls.pkcs12(file, PASSWORD);
    EddyTest.run(app(tls), (server, client) -> assertEquals("true TLSv1.3", get(tls, server.app(), "/", HttpClient.Version.HTTP_1_1).body()));
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> Tls.pkcs12(file, "nope".toCharArray()));
    assertTrue(wrong.getMessage().contains("Can't read the key store " + file), wrong.getMessage());
  }

  @Test
  void plainHttpToTheTlsPortFailsCleanlyAndTheServerKeepsServing() throws Exception {
    Tls tls = Tls.selfSigned();
    App app = app(tls);
    try (LogCapture log = new LogCapture()) {
      EddyTest.run(app, (server, client) -> {
        for (int i = 0; i < 3; i++) {
          try (RawClient raw = new RawClient(server.port())) {
            String r = raw.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").readToClose();
            assertFalse(r.startsWith("HTTP/"), "no HTTP answer on a TLS port: " + r);
          }
        }
        assertThrows(IOException.class, () -> client.get("/"));
        assertEquals("true TLSv1.3", get(tls, app, "/", HttpClient.Version.HTTP_1_1).body());
      });
      assertFalse(log.text().contains("WARN") || log.text().contains("ERROR"), "peer mistakes are not server errors: " + log.text());
    }
  }

  @Test
  void aClientThatNeverFinishesTheHandshakeIsClosedAfterTheTimeout() throws Exception {
    Tls tls = Tls.selfSigned().handshakeTimeout(Duration.ofMillis(300));
    EddyTest.run(app(tls), (server, client) -> {
      try (RawClient silent = new RawClient(server.port())) {
        assertTrue(silent.closedByServer(), "closed within the 5 s read timeout");
      }
      try (Socket half = new Socket("127.0.0.1", server.port())) {
        half.setSoTimeout(5000);
        half.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}); // the start of a ClientHello
        assertEquals(-1, half.getInputStream().read());
      }
    });
  }

  @Test
  void tls12WorksAndOlderProtocolsAreRefused() throws Exception {
    Tls tls = Tls.selfSigned();
    EddyTest.run(app(tls), (server, client) -> {
      try (SSLSocket s = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
        s.setSoTimeout(5000);
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(r.startsWith("HTTP/1.1 200") && r.endsWith("true TLSv1.2"), r);
        assertTrue(s.getSession().getCipherSuite().contains("_GCM_") || s.getSession().getCipherSuite().contains("CHACHA20"),
            s.getSession().getCipherSuite());
      }
    });
  }

  @Test
  void aProxyBehindTlsTellsTheBackendTheRequestWasHttps() throws Exception {
    App backend = new App();
    backend.get("/*", ctx -> ctx.text(ctx.header("X-Forwarded-Proto") + " " + ctx.header("Forwarded")));
    backend.options(backend.options().host("127.0.0.1"));
    backend.start(0);
    try {
      Tls tls = Tls.selfSigned();
      App front = new App();
      front.tls(tls);
      front.mount("/api", Remote.to(backend.uri()));
      EddyTest.run(front, (server, client) -> {
        String body = get(tls, front, "/api/x", HttpClient.Version.HTTP_1_1).body();
        assertTrue(body.startsWith("https for=127.0.0.1;proto=https;host="), body);
      });
    } finally {
      backend.stop();
    }
  }

  /** PKCS#8 encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), as openssl writes it by default. */
  private static String encryptedPem(java.security.PrivateKey key) throws Exception {
    var encryptor = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
        org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
        .setPRF(org.bouncycastle.openssl.PKCS8Generator.PRF_HMACSHA256)
        .setPassword(PASSWORD)
        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()) // the test's encryptor only
        .build();
    java.io.StringWriter out = new java.io.StringWriter();
    try (var pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
      pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, encryptor));
    }
    return out.toString();
  }
}
