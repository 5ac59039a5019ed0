package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RoutingTest {

  @Test
  void staticBeatsParamBeatsWildcard() throws Exception {
    App app = new App();
    app.get("/users/new", ctx -> ctx.text("static"));
    app.get("/users/:id", ctx -> ctx.text("param " + ctx.param("id")));
    app.get("/users/*", ctx -> ctx.text("wildcard " + ctx.param("*")));
    EddyTest.run(app, (server, client) -> {
      assertEquals("static", client.get("/users/new").body());
      assertEquals("param 42", client.get("/users/42").body());
      assertEquals("wildcard 42/posts/7", client.get("/users/42/posts/7").body());
    });
  }

  @Test
  void aFailedStaticBranchFallsBackToTheParam() throws Exception {
    App app = new App();
    app.get("/a/static/x", ctx -> ctx.text("static"));
    app.get("/a/:p/y", ctx -> ctx.text("param " + ctx.param("p")));
    EddyTest.run(app, (server, client) -> {
      assertEquals("static", client.get("/a/static/x").body());
      assertEquals("param static", client.get("/a/static/y").body());
    });
  }

  @Test
  void pathParamsAreDecodedOncePerSegment() throws Exception {
    App app = new App();
    app.get("/files/:name", ctx -> ctx.text(ctx.param("name")));
    app.get("/pairs/:a/:b", ctx -> ctx.text(ctx.param("a") + "|" + ctx.param("b")));
    EddyTest.run(app, (server, client) -> {
      assertEquals("a/b", client.get("/files/a%2Fb").body(), "%2F stays inside its segment");
      assertEquals("a+b", client.get("/files/a+b").body(), "+ is not a space in paths");
      assertEquals("a b", client.get("/files/a%20b").body());
      assertEquals("%41", client.get("/files/%2541").body(), "decoded once, not twice");
      assertEquals("été", client.get("/files/%C3%A9t%C3%A9").body());
      assertEquals("x|y", client.get("/pairs/x/y").body());
      assertEquals(400, client.get("/files/%C3%28").statusCode(), "invalid UTF-8");
      try (RawClient raw = new RawClient(server.port())) {
        String response = raw.send("GET /files/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readToClose();
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertTrue(response.contains("Invalid percent-escape '%zz'"), response);
      }
    });
  }

  @Test
  void queryParamsAreMultiValuedAndFormDecoded() throws Exception {
    App app = new App();
    app.get("/q", ctx -> ctx.text(ctx.queries("tag") + " " + ctx.query("name") + " " + ctx.query("missing")));
    EddyTest.run(app, (server, client) -> {
      assertEquals("[a, b c] Ada L. null", client.get("/q?tag=a&tag=b+c&name=Ada%20L.").body());
    });
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
    App app = new App();
    app.get("/thing", ctx -> ctx.text("get"));
    app.put("/thing", ctx -> ctx.text("put"));
    EddyTest.run(app, (server, client) -> {
      assertEquals(404, client.get("/nothing").statusCode());
      HttpResponse<String> r = client.send(client.request("/thing").DELETE());
      assertEquals(405, r.statusCode());
      assertEquals("GET, HEAD, PUT, OPTIONS", r.headers().firstValue("Allow").orElseThrow());
    });
  }

  @Test
  void headIsServedByGetWithoutABody() throws Exception {
    App app = new App();
    app.get("/doc", ctx -> ctx.text("twelve bytes"));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/doc").method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertEquals(200, r.statusCode());
      assertEquals("12", r.headers().firstValue("Content-Length").orElseThrow());
      assertEquals("", r.body());
    });
  }

  @Test
  void optionsIsAnsweredWithAllow() throws Exception {
    App app = new App();
    app.post("/form", ctx -> ctx.status(201));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/form").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
      assertEquals(204, r.statusCode());
      assertEquals("POST, OPTIONS", r.headers().firstValue("Allow").orElseThrow());
    });
  }

  @Test
  void routersMountUnderAPrefix() throws Exception {
    Router api = new Router();
    api.get("/", ctx -> ctx.text("api index"));
    api.get("/users/:id", ctx -> ctx.text("user " + ctx.param("id") + " via " + ctx.routePattern()));
    Router v2 = new Router();
    v2.get("/ping", ctx -> ctx.text("pong"));
    api.use("/v2", v2);
    App app = new App();
    app.use("/api", api);
    EddyTest.run(app, (server, client) -> {
      assertEquals("user 7 via /api/users/:id", client.get("/api/users/7").body());
      assertEquals("pong", client.get("/api/v2/ping").body());
      assertEquals("api index", client.get("/api").body());
      assertEquals("api index", client.get("/api/").body());
      assertEquals(404, client.get("/users/7").statusCode());
    });
  }

  @Test
  void registrationErrorsFailFastWithAClearMessage() {
    App app = new App();
    app.get("/users/:id", ctx -> ctx.text("x"));
    var dup = assertThrows(IllegalArgumentException.class, () -> app.get("/users/:id", ctx -> ctx.text("y")));
    assertTrue(dup.getMessage().contains("Duplicate route GET /users/:id"), dup.getMessage());
    assertThrows(IllegalArgumentException.class, () -> app.get("/users/:name", ctx -> ctx.text("y")),
        "same shape with another parameter name is a duplicate too");
    var bad = assertThrows(IllegalArgumentException.class, () -> app.get("/files/*/more", ctx -> ctx.text("y")));
    assertTrue(bad.getMessage().contains("'*' must be the last segment"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> app.get("no-slash", ctx -> ctx.text("y")));
    assertThrows(IllegalArgumentException.class, () -> app.get("/a/:", ctx -> ctx.text("y")));
    assertThrows(IllegalArgumentException.class, () -> app.get("/a/:x/:x", ctx -> ctx.text("y")));
    assertThrows(IllegalArgumentException.class, () -> app.get("/a//b", ctx -> ctx.text("y")));
    var late = assertThrows(IllegalStateException.class, () -> app.use((ctx, next) -> next.run()));
    assertTrue(late.getMessage().contains("after GET /users/:id"), late.getMessage());
  }

  @Test
  void duplicatesAcrossRoutersFailAtStart() {
    Router a = new Router();
    a.get("/x", ctx -> ctx.text("a"));
    App app = new App();
    app.get("/r/x", ctx -> ctx.text("app"));
    app.use("/r", a);
    var e = assertThrows(IllegalArgumentException.class, () -> app.start(0));
    assertTrue(e.getMessage().contains("Duplicate route GET /r/x"), e.getMessage());
  }

  @Test
  void theAppCannotChangeAfterStart() throws Exception {
    App app = new App();
    app.get("/", ctx -> ctx.text("x"));
    EddyTest.run(app, (server, client) -> {
      assertThrows(IllegalStateException.class, () -> app.get("/late", ctx -> ctx.text("y")));
      assertThrows(IllegalStateException.class, () -> app.error(RuntimeException.class, (e, ctx) -> {}));
      assertNull(client.get("/").headers().firstValue("Server").orElse(null), "no Server header");
    });
  }
}
