package dev.eddy.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Router;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {
  private static final Map<String, String> EXPECTED = Map.of(
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "no-referrer",
      "Cross-Origin-Opener-Policy", "same-origin",
      "Cross-Origin-Resource-Policy", "same-origin",
      "X-Permitted-Cross-Domain-Policies", "none");

  private static void assertDefaults(HttpResponse<?> r) {
    EXPECTED.forEach((name, value) -> assertEquals(value, r.headers().firstValue(name).orElse(null), name));
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), csp);
    assertTrue(r.headers().firstValue("Permissions-Policy").orElseThrow().contains("camera=()"));
  }

  @Test
  void everyResponseGetsTheSetErrorsAndStreamsIncluded() throws Exception {
    App app = new App();
    app.use(SecurityHeaders.defaults());
    app.get("/", ctx -> ctx.text("ok"));
    app.get("/boom", ctx -> {
      throw new dev.eddy.HttpException(503, "boom");
    });
    app.get("/stream", ctx -> {
      try (var out = ctx.stream("text/plain")) {
        out.write("streamed".getBytes());
      }
    });
    EddyTest.run(app, (server, client) -> {
      for (String path : new String[] {"/", "/boom", "/missing", "/stream"}) {
        HttpResponse<String> r = client.get(path);
        assertDefaults(r);
        assertFalse(r.headers().firstValue("Strict-Transport-Security").isPresent(), "no HSTS over plain HTTP: " + path);
      }
    });
  }

  @Test
  void hstsIsSentOnlyOnRequestsThatCameOverTls() throws Exception {
    App app = new App();
    app.use(SecurityHeaders.defaults().tls(TlsPolicy.forwardedProtoFromLoopback()).hsts(Duration.ofDays(730), true, true));
    app.get("/", ctx -> ctx.text("ok"));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> tls = client.send(client.request("/").header("X-Forwarded-Proto", "https"));
      assertEquals("max-age=63072000; includeSubDomains; preload", tls.headers().firstValue("Strict-Transport-Security").orElseThrow());
      HttpResponse<String> plain = client.send(client.request("/").header("X-Forwarded-Proto", "http"));
      assertFalse(plain.headers().firstValue("Strict-Transport-Security").isPresent());
    });
    App always = new App();
    always.use(SecurityHeaders.defaults().tls(TlsPolicy.always()));
    always.get("/", ctx -> ctx.text("ok"));
    EddyTest.run(always, (server, client) -> assertEquals("max-age=31536000; includeSubDomains",
        client.get("/").headers().firstValue("Strict-Transport-Security").orElseThrow()));
  }

  @Test
  void eachHeaderCanBeChangedOrDroppedPerAppRouterAndResponse() throws Exception {
    App app = new App();
    app.use(SecurityHeaders.defaults().contentSecurityPolicy("default-src 'self' cdn.example").remove("Permissions-Policy"));
    Router embeddable = new Router();
    embeddable.use(SecurityHeaders.defaults().remove("X-Frame-Options").contentSecurityPolicy("frame-ancestors https://partner.example"));
    embeddable.get("/widget", ctx -> ctx.text("widget"));
    app.use("/embed", embeddable);
    app.get("/", ctx -> ctx.text("ok"));
    app.get("/framed", ctx -> {
      SecurityHeaders.omit(ctx, "X-Frame-Options");
      ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
      ctx.text("framed");
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> root = client.get("/");
      assertEquals("default-src 'self' cdn.example", root.headers().firstValue("Content-Security-Policy").orElseThrow());
      assertFalse(root.headers().firstValue("Permissions-Policy").isPresent());
      assertEquals("DENY", root.headers().firstValue("X-Frame-Options").orElseThrow());
      HttpResponse<String> widget = client.get("/embed/widget");
      assertFalse(widget.headers().firstValue("X-Frame-Options").isPresent());
      assertEquals("frame-ancestors https://partner.example", widget.headers().firstValue("Content-Security-Policy").orElseThrow());
      assertTrue(widget.headers().firstValue("Permissions-Policy").isPresent(), "the router's own set applies");
      HttpResponse<String> framed = client.get("/framed");
      assertFalse(framed.headers().firstValue("X-Frame-Options").isPresent());
      assertEquals("strict-origin-when-cross-origin", framed.headers().firstValue("Referrer-Policy").orElseThrow());
      assertEquals("nosniff", framed.headers().firstValue("X-Content-Type-Options").orElseThrow());
    });
  }

  @Test
  void badHeaderValuesAreRefusedAtConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> SecurityHeaders.defaults().set("X-Bad", "a\r\nInjected: yes"));
    assertThrows(IllegalArgumentException.class, () -> SecurityHeaders.defaults().set("Bad Name", "x"));
    assertEquals(1, SecurityHeaders.none().set("X-One", "1").headers().size());
  }

  @Test
  void eddySendsNoServerVersionOrPoweredByHeader() throws Exception {
    App app = new App();
    app.get("/", ctx -> ctx.text("ok"));
    app.get("/boom", ctx -> {
      throw new dev.eddy.HttpException(503, "boom");
    });
    EddyTest.run(app, (server, client) -> {
      for (String path : new String[] {"/", "/boom", "/missing"}) {
        HttpResponse<String> r = client.get(path);
        assertFalse(r.headers().firstValue("Server").isPresent(), path);
        assertFalse(r.headers().firstValue("X-Powered-By").isPresent(), path);
      }
    });
  }
}
