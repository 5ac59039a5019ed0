package dev.eddy.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.cookie.CookieJar;
import dev.eddy.cookie.SigningKeys;
import dev.eddy.session.Sessions;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import dev.eddy.test.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsrfTest {

  private static App app(Csrf csrf, boolean sessions) {
    App app = new App();
    if (sessions) {
      app.use(Sessions.inMemory());
    }
    app.use(csrf);
    app.get("/form", ctx -> ctx.text(Csrf.token(ctx)));
    app.post("/transfer", ctx -> ctx.text("done"));
    app.delete("/transfer", ctx -> ctx.text("deleted"));
    app.post("/api/hook", ctx -> ctx.text("hooked"));
    return app;
  }

  /** A browser: a cookie jar and the token its last page carried. */
  private static final class Browser {
    final CookieJar jar = new CookieJar();
    final TestClient client;
    final TestServer server;
    String token;

    Browser(TestServer server, TestClient client) throws Exception {
      this.server = server;
      this.client = client;
      token = jar.take(client.send(jar.apply(client.request("/form")))).body();
    }

    HttpResponse<String> post(String path, HttpRequest.Builder b) throws Exception {
      return jar.take(client.send(jar.apply(b)));
    }

    HttpRequest.Builder withHeader() {
      return client.request("/transfer").header("X-CSRF-Token", token).POST(HttpRequest.BodyPublishers.noBody());
    }
  }

  private static void assertRefused(HttpResponse<String> r, String reason) {
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains(reason), "'" + reason + "' in " + r.body());
  }

  @Test
  void aTokenFromThePageIsAcceptedInTheHeaderOrTheFormField() throws Exception {
    EddyTest.run(app(Csrf.sessionTokens().build(), true), (server, client) -> {
      Browser b = new Browser(server, client);
      assertEquals("done", b.post("/transfer", b.withHeader()).body());
      String form = "amount=5&_csrf=" + URLEncoder.encode(b.token, StandardCharsets.UTF_8);
      assertEquals("done", b.post("/transfer", client.request("/transfer")
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))).body());
      String boundary = "----eddy";
      String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
          + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
          + b.token + "\r\n--" + boundary + "--\r\n";
      assertEquals("done", b.post("/transfer", client.request("/transfer")
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofString(multipart))).body());
      String second = b.jar.take(client.send(b.jar.apply(client.request("/form")))).body();
      assertNotEquals(b.token, second, "each page gets a differently masked token");
      b.token = second;
      assertEquals("deleted", b.post("/transfer", client.request("/transfer").header("X-CSRF-Token", second).DELETE()).body());
    });
  }

  @Test
  void unsafeRequestsWithoutAValidTokenGet403WithTheReason() throws Exception {
    EddyTest.run(app(Csrf.sessionTokens().build(), true), (server, client) -> {
      Browser b = new Browser(server, client);
      assertRefused(b.post("/transfer", client.request("/transfer").POST(HttpRequest.BodyPublishers.noBody())), "token missing");
      assertRefused(b.post("/transfer", client.request("/transfer").header("X-CSRF-Token", "forged")
          .POST(HttpRequest.BodyPublishers.noBody())), "token invalid");
      Browser other = new Browser(server, client);
      assertRefused(b.post("/transfer", client.request("/transfer").header("X-CSRF-Token", other.token)
          .POST(HttpRequest.BodyPublishers.noBody())), "token invalid");
      HttpResponse<String> noSession = client.send(client.request("/transfer").header("X-CSRF-Token", b.token)
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertRefused(noSession, "no token was issued");
      assertEquals(200, client.get("/form").statusCode(), "safe methods need no token");
    });
  }

  @Test
  void crossSiteOriginsAndFetchMetadataAreRefusedEvenWithAToken() throws Exception {
    EddyTest.run(app(Csrf.sessionTokens().trustedOrigins("https://app.example").build(), true), (server, client) -> {
      Browser b = new Browser(server, client);
      assertRefused(b.post("/transfer", b.withHeader().header("Origin", "https://evil.example")), "cross-origin request from https://evil.example");
      assertRefused(b.post("/transfer", b.withHeader().header("Origin", "null")), "Origin: null");
      assertRefused(b.post("/transfer", b.withHeader().header("Origin", "null").header("Sec-Fetch-Site", "cross-site")), "Origin: null");
      assertRefused(b.post("/transfer", b.withHeader().header("Origin", "null").header("Sec-Fetch-Site", "none")), "Origin: null");
      // What a browser sends for a same-origin form on a page with Referrer-Policy: no-referrer.
      assertEquals("done", b.post("/transfer", b.withHeader().header("Origin", "null").header("Sec-Fetch-Site", "same-origin")).body());
      assertRefused(b.post("/transfer", b.withHeader().header("Sec-Fetch-Site", "cross-site")), "cross-site request refused");
      assertRefused(b.post("/transfer", b.withHeader().header("Sec-Fetch-Site", "same-site")), "same-site request refused");
      assertEquals("done", b.post("/transfer", b.withHeader().header("Origin", "http://127.0.0.1:" + server.port())).body());
      assertEquals("done", b.post("/transfer", b.withHeader().header("Sec-Fetch-Site", "same-origin")).body());
      assertEquals("done", b.post("/transfer", b.withHeader().header("Origin", "https://app.example")).body(), "trusted");
    });
  }

  @Test
  void exemptRoutesSkipTheChecks() throws Exception {
    Csrf csrf = Csrf.sessionTokens().exempt("/api").exemptIf(ctx -> "yes".equals(ctx.header("X-Skip"))).build();
    EddyTest.run(app(csrf, true), (server, client) -> {
      assertEquals("hooked", client.post("/api/hook", "{}", "application/json").body());
      assertEquals("done", client.send(client.request("/transfer").header("X-Skip", "yes").POST(HttpRequest.BodyPublishers.noBody())).body());
      assertEquals(403, client.post("/transfer", "{}", "application/json").statusCode());
    });
  }

  @Test
  void theSignedDoubleSubmitCookieNeedsNoSession() throws Exception {
    SigningKeys keys = SigningKeys.generate();
    EddyTest.run(app(Csrf.signedCookie(keys).build(), false), (server, client) -> {
      Browser b = new Browser(server, client);
      String cookie = b.jar.get("eddy_csrf");
      assertNotNull(cookie, "the page set the secret cookie");
      assertEquals("done", b.post("/transfer", b.withHeader()).body());
      Browser fresh = new Browser(server, client);
      assertEquals(cookie.length(), fresh.jar.get("eddy_csrf").length());
      assertRefused(client.send(client.request("/transfer").header("X-CSRF-Token", b.token)
          .POST(HttpRequest.BodyPublishers.noBody())), "no token was issued");
      b.jar.put("eddy_csrf", "A" + cookie.substring(1));
      assertRefused(b.post("/transfer", b.withHeader()), "no token was issued");
      b.jar.put("eddy_csrf", fresh.jar.get("eddy_csrf"));
      assertRefused(b.post("/transfer", b.withHeader()), "token invalid");
    });
  }

  @Test
  void underTlsTheDoubleSubmitCookieHasTheHostPrefix() throws Exception {
    EddyTest.run(app(Csrf.signedCookie(SigningKeys.generate()).tls(TlsPolicy.always()).build(), false), (server, client) -> {
      HttpResponse<String> page = client.get("/form");
      String cookie = CookieJar.setCookie(page, "__Host-eddy_csrf");
      assertNotNull(cookie, CookieJar.setCookies(page).toString());
      assertTrue(cookie.contains("Secure") && cookie.contains("HTTPOnly") && cookie.contains("SameSite=Strict"), cookie);
      HttpResponse<String> r = client.send(client.request("/transfer").header("Cookie", cookie.split(";")[0])
          .header("X-CSRF-Token", page.body()).header("Origin", "http://127.0.0.1:" + server.port())
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertRefused(r, "cross-origin request from http://");
    });
  }
}
