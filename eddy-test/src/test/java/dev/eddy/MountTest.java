package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MountTest {

  /** A blog sub-app whose routes answer what they see. */
  private static App blog() {
    App blog = new App();
    blog.use((ctx, next) -> {
      ctx.header("X-Blog", "yes");
      next.run();
    });
    blog.get("/", ctx -> ctx.text("index " + ctx.path() + " " + ctx.routePattern()));
    blog.get("/posts/:id", ctx -> ctx.text(String.join(" ", ctx.path(), ctx.routePattern(), ctx.param("id"),
        Mount.basePath(ctx))));
    blog.post("/posts", ctx -> ctx.status(201).text("created " + ctx.bodyAsString()));
    return blog;
  }

  @Test
  void aSubAppSeesPathsRelativeToItsMountPointAndItsParentSeesTheFullPath() throws Exception {
    App app = new App();
    app.use((ctx, next) -> {
      next.run();
      ctx.header("X-Outer", ctx.path() + " " + ctx.routePattern());
    });
    app.mount("/blog", blog());
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> post = client.get("/blog/posts/7");
      assertEquals("/posts/7 /posts/:id 7 /blog", post.body());
      assertEquals("/blog/posts/7 /blog/posts/:id", post.headers().firstValue("X-Outer").orElseThrow());
      assertEquals("index / /", client.get("/blog").body());
      assertEquals("index / /", client.get("/blog/").body());
      assertEquals("/posts/a%20b /posts/:id a b /blog", client.get("/blog/posts/a%20b").body());
      assertEquals("/posts/1 /posts/:id 1 /blog", client.get("/bl%6Fg/posts/1").body(), "prefixes compare decoded");
      assertEquals(404, client.get("/blogger").statusCode(), "a prefix matches whole segments");
      assertEquals(201, client.post("/blog/posts", "hi", "text/plain").statusCode());
    });
  }

  @Test
  void theParentsMiddlewareWrapTheSubAppAndTheSubAppsWrapOnlyItsOwnRoutes() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Key<String> user = Key.of("user");
    App app = new App();
    app.use((ctx, next) -> {
      ctx.attr(user, "ada");
      seen.add("parent " + ctx.path());
      next.run();
    });
    app.use("/blog/admin", (ctx, next) -> {
      seen.add("admin " + ctx.path());
      next.run();
    });
    App blog = new App();
    blog.use((ctx, next) -> {
      seen.add("blog " + ctx.path());
      next.run();
    });
    blog.get("/admin/stats", ctx -> ctx.text("stats for " + ctx.attr(user)));
    blog.get("/about", ctx -> ctx.text("about"));
    app.mount("/blog", blog);
    app.get("/home", ctx -> ctx.text("home"));
    EddyTest.run(app, (server, client) -> {
      assertEquals("stats for ada", client.get("/blog/admin/stats").body());
      assertEquals(List.of("parent /blog/admin/stats", "admin /blog/admin/stats", "blog /admin/stats"), List.copyOf(seen));
      seen.clear();
      client.get("/blog/about");
      assertEquals(List.of("parent /blog/about", "blog /about"), List.copyOf(seen));
      seen.clear();
      client.get("/home");
      assertEquals(List.of("parent /home"), List.copyOf(seen));
      seen.clear();
      assertEquals(404, client.get("/blog/nothing").statusCode());
      assertEquals(List.of("parent /blog/nothing", "blog /nothing"), List.copyOf(seen),
          "the sub-app's own middleware wrap its 404s");
    });
  }

  @Test
  void aSubAppsErrorHandlersAnswerItsErrorsAndTheRestGoToTheParents() throws Exception {
    App blog = new App();
    blog.error(IllegalStateException.class, (e, ctx) -> ctx.status(409).text("blog: " + e.getMessage()));
    blog.error(HttpException.class, (e, ctx) -> ctx.status(e.status()).text("blog says " + e.status()));
    blog.get("/conflict", ctx -> {
      throw new IllegalStateException("taken");
    });
    blog.get("/invalid", ctx -> {
      throw new IllegalArgumentException("bad id");
    });
    blog.get("/later", ctx -> ctx.async(CompletableFuture.failedFuture(new IllegalStateException("late"))));
    blog.get("/later-invalid", ctx -> ctx.async(CompletableFuture.supplyAsync(() -> {
      throw new IllegalArgumentException("late and bad");
    })));
    blog.put("/only-put", ctx -> ctx.text("put"));
    App app = new App();
    app.error(IllegalArgumentException.class, (e, ctx) -> ctx.status(422).text("app: " + e.getMessage()));
    app.mount("/blog", blog);
    app.get("/invalid", ctx -> {
      throw new IllegalStateException("not the blog's business");
    });
    EddyTest.run(app, (server, client) -> {
      assertResponse(409, "blog: taken", client.get("/blog/conflict"));
      assertResponse(422, "app: bad id", client.get("/blog/invalid"));
      assertResponse(409, "blog: late", client.get("/blog/later"));
      assertResponse(422, "app: late and bad", client.get("/blog/later-invalid"));
      assertResponse(404, "blog says 404", client.get("/blog/missing"));
      HttpResponse<String> wrongMethod = client.get("/blog/only-put");
      assertResponse(405, "blog says 405", wrongMethod);
      assertEquals("PUT, OPTIONS", wrongMethod.headers().firstValue("Allow").orElseThrow());
      assertEquals(500, client.get("/invalid").statusCode(), "the blog's handlers stay in the blog");
    });
  }

  private static void assertResponse(int status, String body, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(body, r.body());
  }

  @Test
  void aMountedHandlerServesEveryMethodAndPathUnderItsPrefix() throws Exception {
    App app = new App();
    app.mount("/files", ctx -> ctx.text(ctx.method() + " " + ctx.path() + " [" + ctx.param("*") + "] " + ctx.routePattern()));
    EddyTest.run(app, (server, client) -> {
      assertEquals("GET /a/b%20c [a/b c] /*", client.get("/files/a/b%20c").body());
      assertEquals("POST / [] /*", client.post("/files", "x", "text/plain").body());
      HttpResponse<String> delete = client.send(client.request("/files/x").DELETE());
      assertEquals("DELETE /x [x] /*", delete.body());
      try (RawClient raw = new RawClient(server.port())) {
        String r = raw.send("GET /files/%zz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").readToClose();
        assertTrue(r.startsWith("HTTP/1.1 400 "), r);
      }
    });
  }

  @Test
  void subAppsNest() throws Exception {
    App v1 = new App();
    v1.get("/users/:id", ctx -> ctx.text(Mount.basePath(ctx) + " " + ctx.path() + " " + ctx.param("id")));
    App api = new App();
    api.mount("/v1", v1);
    api.get("/health", ctx -> ctx.text("ok " + Mount.basePath(ctx)));
    App app = new App();
    app.mount("/api", api);
    EddyTest.run(app, (server, client) -> {
      assertEquals("/api/v1 /users/3 3", client.get("/api/v1/users/3").body());
      assertEquals("ok /api", client.get("/api/health").body());
    });
  }

  @Test
  void aSubAppRouteCanStreamItsBody() throws Exception {
    App upload = new App();
    upload.post("/", Handler.streamingBody(64L << 20, ctx -> {
      long n = 0;
      try (InputStream in = ctx.bodyStream()) {
        n = in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      ctx.text("got " + n);
    }));
    App app = new App();
    app.options(app.options().maxBodyBytes(1024));
    app.mount("/upload", upload);
    byte[] body = new byte[5 << 20];
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/upload").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
      assertEquals("got " + body.length, r.body(), "the sub-app's route limit applies, not the server's");
    });
  }

  @Test
  void aSubAppsHooksRunWithItsParent() throws Exception {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    App blog = new App();
    blog.onStart(() -> events.add("blog start"));
    blog.onStop(() -> events.add("blog stop"));
    blog.get("/", ctx -> ctx.text("blog"));
    App app = new App();
    app.onStart(() -> events.add("app start"));
    app.onStop(() -> events.add("app stop"));
    app.mount("/blog", blog);
    app.mount("/journal", blog); // mounted twice, its hooks still run once
    EddyTest.run(app, (server, client) -> {
      assertEquals("blog", client.get("/journal").body());
      assertEquals(List.of("blog start", "app start"), List.copyOf(events));
      IllegalStateException late = assertThrows(IllegalStateException.class, () -> blog.onStart(() -> {}));
      assertTrue(late.getMessage().contains("mounted in a started app"), late.getMessage());
    });
    assertEquals(List.of("blog start", "app start", "app stop", "blog stop"), List.copyOf(events));
  }

  @Test
  void mountsThatWouldHideRoutesOrEachOtherFailAtStart() {
    App routeUnder = new App();
    routeUnder.mount("/blog", blog());
    routeUnder.get("/blog/extra", ctx -> ctx.text(""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> routeUnder.start(0));
    assertTrue(e.getMessage().contains("Route GET /blog/extra is under the mount at /blog"), e.getMessage());

    App nested = new App();
    nested.mount("/api", blog());
    nested.mount("/api/v2", blog());
    e = assertThrows(IllegalArgumentException.class, () -> nested.start(0));
    assertTrue(e.getMessage().contains("/api/v2 is inside the mount at /api"), e.getMessage());

    App a = new App();
    App b = new App();
    a.mount("/b", b);
    b.mount("/a", a);
    e = assertThrows(IllegalArgumentException.class, () -> a.start(0));
    assertTrue(e.getMessage().contains("inside itself"), e.getMessage());

    App self = new App();
    assertThrows(IllegalArgumentException.class, () -> self.mount("/me", self));
    assertThrows(IllegalArgumentException.class, () -> self.mount("/", blog()));
    assertThrows(IllegalArgumentException.class, () -> self.mount("/:id", blog()));

    App late = new App();
    late.mount("/blog", blog());
    IllegalStateException order = assertThrows(IllegalStateException.class, () -> late.use((ctx, next) -> next.run()));
    assertTrue(order.getMessage().contains("after the mount at /blog"), order.getMessage());

    App withCodec = new App();
    App codecBlog = blog().json(new dev.eddy.internal.json.JacksonCodec());
    withCodec.mount("/blog", codecBlog);
    e = assertThrows(IllegalArgumentException.class, () -> withCodec.start(0));
    assertTrue(e.getMessage().contains("sets its own JSON codec"), e.getMessage());
  }
}
