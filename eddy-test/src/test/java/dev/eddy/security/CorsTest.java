package dev.eddy.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsTest {

  private static App app(Cors cors) {
    App app = new App();
    app.use("/api", cors);
    app.get("/api/items", ctx -> ctx.header("X-Total", "3").json(List.of(1, 2, 3)));
    app.put("/api/items/:id", ctx -> ctx.text("put " + ctx.param("id")));
    return app;
  }

  private static Cors credentialed() {
    return Cors.builder()
        .allowOrigins("https://app.example", "http://localhost:3000")
        .allowMethods("GET", "PUT")
        .allowHeaders("Content-Type", "X-Requested-With")
        .exposeHeaders("X-Total")
        .allowCredentials(true)
        .maxAge(Duration.ofMinutes(10))
        .build();
  }

  private static HttpResponse<String> preflight(TestClient client, String path, String origin, String method, String headers)
      throws Exception {
    HttpRequest.Builder b = client.request(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", method);
    if (headers != null) {
      b.header("Access-Control-Request-Headers", headers);
    }
    return client.send(b);
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void anAllowedPreflightGets204WithoutAnyOptionsRoute() throws Exception {
    EddyTest.run(app(credentialed()), (server, client) -> {
      HttpResponse<String> r = preflight(client, "/api/items/7", "https://app.example", "PUT", "content-type, x-requested-with");
      assertEquals(204, r.statusCode());
      assertEquals("https://app.example", header(r, "Access-Control-Allow-Origin"));
      assertEquals("true", header(r, "Access-Control-Allow-Credentials"));
      assertEquals("GET, PUT", header(r, "Access-Control-Allow-Methods"));
      assertEquals("content-type, x-requested-with", header(r, "Access-Control-Allow-Headers"));
      assertEquals("600", header(r, "Access-Control-Max-Age"));
      assertTrue(r.headers().allValues("Vary").contains("Origin"), r.headers().allValues("Vary").toString());
    });
  }

  @Test
  void refusedPreflightsGet403AndNoCorsHeaders() throws Exception {
    EddyTest.run(app(credentialed()), (server, client) -> {
      HttpResponse<String> origin = preflight(client, "/api/items", "https://evil.example", "GET", null);
      assertEquals(403, origin.statusCode());
      assertTrue(origin.body().contains("origin https://evil.example is not allowed"), origin.body());
      HttpResponse<String> method = preflight(client, "/api/items", "https://app.example", "DELETE", null);
      assertEquals(403, method.statusCode());
      assertTrue(method.body().contains("method DELETE"), method.body());
      HttpResponse<String> header = preflight(client, "/api/items", "https://app.example", "GET", "x-secret");
      assertEquals(403, header.statusCode());
      assertTrue(header.body().contains("header x-secret"), header.body());
      for (HttpResponse<String> r : List.of(origin, method, header)) {
        assertFalse(r.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertFalse(r.headers().firstValue("Access-Control-Allow-Credentials").isPresent());
      }
    });
  }

  @Test
  void actualRequestsFromAllowedOriginsGetTheirOriginBackAndOthersGetNothing() throws Exception {
    EddyTest.run(app(credentialed()), (server, client) -> {
      HttpResponse<String> ok = client.send(client.request("/api/items").header("Origin", "http://localhost:3000"));
      assertEquals(200, ok.statusCode());
      assertEquals("http://localhost:3000", header(ok, "Access-Control-Allow-Origin"), "never *, with credentials");
      assertEquals("true", header(ok, "Access-Control-Allow-Credentials"));
      assertEquals("X-Total", header(ok, "Access-Control-Expose-Headers"));
      assertTrue(ok.headers().allValues("Vary").contains("Origin"));
      HttpResponse<String> evil = client.send(client.request("/api/items").header("Origin", "https://evil.example"));
      assertEquals(200, evil.statusCode(), "the request runs; the browser withholds the answer");
      assertFalse(evil.headers().firstValue("Access-Control-Allow-Origin").isPresent());
      assertFalse(evil.headers().firstValue("Access-Control-Allow-Credentials").isPresent());
      assertTrue(evil.headers().allValues("Vary").contains("Origin"));
      HttpResponse<String> nullOrigin = client.send(client.request("/api/items").header("Origin", "null"));
      assertFalse(nullOrigin.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    });
  }

  @Test
  void anyOriginAnswersStarAndCannotBeCombinedWithCredentials() throws Exception {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Cors.builder().allowAnyOrigin().allowCredentials(true).build());
    assertTrue(e.getMessage().contains("every site"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowOrigins("*"));
    assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowOrigins("null"));
    assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowOrigins("https://app.example/"));
    assertThrows(IllegalStateException.class, () -> Cors.builder().build());
    EddyTest.run(app(Cors.builder().allowAnyOrigin().build()), (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/api/items").header("Origin", "https://anyone.example"));
      assertEquals("*", header(r, "Access-Control-Allow-Origin"));
      assertFalse(r.headers().firstValue("Access-Control-Allow-Credentials").isPresent());
    });
  }

  @Test
  void aPredicateCanAllowAFamilyOfOrigins() throws Exception {
    Cors cors = Cors.builder().allowOriginIf(o -> o.startsWith("https://") && o.endsWith(".app.example")).allowCredentials(true).build();
    EddyTest.run(app(cors), (server, client) -> {
      HttpResponse<String> ok = client.send(client.request("/api/items").header("Origin", "https://eu.app.example"));
      assertEquals("https://eu.app.example", header(ok, "Access-Control-Allow-Origin"));
      HttpResponse<String> no = client.send(client.request("/api/items").header("Origin", "https://eu.app.example.evil"));
      assertFalse(no.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    });
  }
}
