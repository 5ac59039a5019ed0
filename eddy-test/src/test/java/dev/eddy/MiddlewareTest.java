package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MiddlewareTest {

  @Test
  void middlewareRunsInOrderAroundTheHandlerAndItsAfterCodeSeesTheResult() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    App app = new App();
    app.use((ctx, next) -> {
      calls.add("outer in");
      next.run();
      calls.add("outer out " + ctx.status());
      ctx.header("X-Outer", "after");
    });
    app.use((ctx, next) -> {
      calls.add("inner in");
      try {
        next.run();
      } finally {
        calls.add("inner out");
      }
    });
    app.get("/", ctx -> {
      calls.add("handler");
      ctx.status(201).text("made");
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/");
      assertEquals(201, r.statusCode());
      assertEquals("after", r.headers().firstValue("X-Outer").orElseThrow(), "after-code can still set headers");
      assertEquals(List.of("outer in", "inner in", "handler", "inner out", "outer out 201"), calls);
    });
  }

  @Test
  void typedAttributesCarryStateFromMiddlewareToHandler() throws Exception {
    Key<String> user = Key.of("user");
    App app = new App();
    app.use((ctx, next) -> {
      ctx.attr(user, "ada");
      next.run();
    });
    app.get("/", ctx -> ctx.text("hi " + ctx.attr(user)));
    EddyTest.run(app, (server, client) -> assertEquals("hi ada", client.get("/").body()));
  }

  @Test
  void aMiddlewareMayAnswerWithoutCallingNext() throws Exception {
    App app = new App();
    app.use((ctx, next) -> {
      if (ctx.header("Authorization") == null) {
        ctx.status(401).text("login first");
        return;
      }
      next.run();
    });
    app.get("/", ctx -> ctx.text("secret"));
    EddyTest.run(app, (server, client) -> {
      assertEquals(401, client.get("/").statusCode());
      assertEquals("secret", client.send(client.request("/").header("Authorization", "x")).body());
    });
  }

  @Test
  void prefixMiddlewareWrapsOnlyRoutesUnderItsPrefix() throws Exception {
    App app = new App();
    app.use("/admin", (ctx, next) -> {
      ctx.header("X-Admin", "yes");
      next.run();
    });
    app.get("/admin/panel", ctx -> ctx.text("panel"));
    app.get("/administrator", ctx -> ctx.text("not under /admin"));
    app.get("/:section/page", ctx -> ctx.text(ctx.param("section")));
    EddyTest.run(app, (server, client) -> {
      assertTrue(client.get("/admin/panel").headers().firstValue("X-Admin").isPresent());
      assertFalse(client.get("/administrator").headers().firstValue("X-Admin").isPresent());
      assertTrue(client.get("/admin/page").headers().firstValue("X-Admin").isPresent(), "decided per request for params");
      assertFalse(client.get("/public/page").headers().firstValue("X-Admin").isPresent());
      assertTrue(client.get("/admin/missing").headers().firstValue("X-Admin").isPresent(), "404s under the prefix too");
    });
  }

  @Test
  void routerMiddlewareWrapsOnlyThatRoutersRoutes() throws Exception {
    Router api = new Router();
    api.use((ctx, next) -> {
      ctx.header("X-Api", "1");
      next.run();
    });
    api.get("/ping", ctx -> ctx.text("pong"));
    App app = new App();
    app.use("/api", api);
    app.get("/home", ctx -> ctx.text("home"));
    EddyTest.run(app, (server, client) -> {
      assertTrue(client.get("/api/ping").headers().firstValue("X-Api").isPresent());
      assertFalse(client.get("/home").headers().firstValue("X-Api").isPresent());
    });
  }

  @Test
  void aMiddlewareThatNeitherCallsNextNorRespondsIsReportedByName() throws Exception {
    App app = new App();
    app.use(Middleware.named("forgetful", (ctx, next) -> { }));
    app.get("/", ctx -> ctx.text("never"));
    EddyTest.run(app, (server, client) -> {
      try (LogCapture log = new LogCapture()) {
        HttpResponse<String> r = client.get("/");
        assertEquals(500, r.statusCode());
        assertTrue(log.await("forgetful").contains("Middleware 'forgetful' on GET / neither called next.run() nor sent a response"), log.text());
        assertFalse(r.body().contains("forgetful"), "internals stay out of the response");
      }
    });
  }

  @Test
  void callingNextTwiceIsAnError() throws Exception {
    App app = new App();
    app.use(Middleware.named("twice", (ctx, next) -> {
      next.run();
      next.run();
    }));
    app.get("/", ctx -> ctx.text("once"));
    EddyTest.run(app, (server, client) -> {
      try (LogCapture log = new LogCapture()) {
        assertEquals(500, client.get("/").statusCode());
        assertTrue(log.await("twice").contains("Middleware 'twice' called next.run() more than once"), log.text());
      }
    });
  }

  @Test
  void aHandlerThatDoesNotRespondIsReportedWithItsRoute() throws Exception {
    App app = new App();
    app.get("/silent/:id", ctx -> { });
    EddyTest.run(app, (server, client) -> {
      try (LogCapture log = new LogCapture()) {
        assertEquals(500, client.get("/silent/1").statusCode());
        assertTrue(log.await("returned without").contains("Handler for GET /silent/:id returned without a response"), log.text());
      }
    });
  }
  @Test
  void aroundPutsMiddlewareOnOneRouteWithTheSameContract() throws Exception {
    Middleware tag = (ctx, next) -> {
      ctx.header("X-Tag", "on");
      next.run();
    };
    Middleware twice = Middleware.named("twice", (ctx, next) -> {
      next.run();
      next.run();
    });
    App app = new App();
    app.get("/tagged", tag.around(ctx -> ctx.text("tagged")));
    app.get("/plain", ctx -> ctx.text("plain"));
    app.get("/twice", twice.around(ctx -> ctx.text("once")));
    EddyTest.run(app, (server, client) -> {
      assertEquals("on", client.get("/tagged").headers().firstValue("X-Tag").orElseThrow());
      assertFalse(client.get("/plain").headers().firstValue("X-Tag").isPresent());
      try (LogCapture log = new LogCapture()) {
        assertEquals(500, client.get("/twice").statusCode());
        assertTrue(log.await("more than once").contains("Middleware 'twice' called next.run() more than once"), log.text());
      }
    });
  }
}
