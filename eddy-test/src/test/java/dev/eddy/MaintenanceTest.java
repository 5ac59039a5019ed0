package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MaintenanceTest {

  private static App subApp(String name) {
    App sub = new App();
    sub.get("/", ctx -> ctx.text(name));
    sub.get("/:page", ctx -> ctx.text(name + " " + ctx.param("page")));
    return sub;
  }

  @Test
  void aSubAppInMaintenanceAnswers503WhileTheRestKeepsServing() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    App app = new App();
    app.use((ctx, next) -> {
      next.run();
      log.add(ctx.status() + " " + ctx.path());
    });
    app.get("/", ctx -> ctx.text("home"));
    Mount blog = app.mount("/blog", subApp("blog"));
    Mount shop = app.mount("/shop", subApp("shop"));
    EddyTest.run(app, (server, client) -> {
      assertEquals("blog post", client.get("/blog/post").body());
      blog.maintenance(true);
      assertTrue(blog.inMaintenance());
      assertFalse(shop.inMaintenance());

      HttpResponse<String> text = client.get("/blog/post");
      assertEquals(503, text.statusCode());
      assertEquals("60", text.headers().firstValue("Retry-After").orElseThrow());
      assertEquals("no-store", text.headers().firstValue("Cache-Control").orElseThrow());
      assertEquals("/blog is down for maintenance.\n", text.body());
      assertEquals(503, client.get("/blog").statusCode(), "the prefix itself too");
      assertEquals(503, client.get("/blog/no/such/page").statusCode(), "paths without a route too");

      HttpResponse<String> json = client.send(client.request("/blog/post").header("Accept", "application/json"));
      assertTrue(json.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
      assertEquals("{\"status\":503,\"error\":\"/blog is down for maintenance.\",\"retryAfter\":60}", json.body());

      HttpResponse<String> html = client.send(client.request("/blog/post")
          .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
      assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      assertTrue(html.body().contains("<h1>Down for maintenance</h1>"), html.body());

      assertEquals("shop item", client.get("/shop/item").body(), "the other sub-app keeps serving");
      assertEquals("home", client.get("/").body());
      assertTrue(log.contains("503 /blog/post"), "the parent's middleware see the 503: " + log);

      blog.maintenance(false);
      assertEquals("blog post", client.get("/blog/post").body());
    });
  }

  @Test
  void retryAfterIsInWholeSecondsAndTheMessageIsEscaped() throws Exception {
    App app = new App();
    Mount blog = app.mount("/blog", subApp("blog"));
    blog.maintenance(Duration.ofMillis(1500), "Moving <posts> & comments");
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> html = client.send(client.request("/blog/x").header("Accept", "text/html"));
      assertEquals("2", html.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(html.body().contains("Moving &lt;posts&gt; &amp; comments"), html.body());
      assertTrue(html.body().contains("try again in 2 seconds"), html.body());
    });
  }

  @Test
  void requestsAlreadyInsideFinishAndAwaitIdleWaitsForThem() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    App slow = new App();
    slow.get("/work", ctx -> {
      entered.countDown();
      release.await(10, TimeUnit.SECONDS);
      ctx.text("finished");
    });
    App app = new App();
    Mount mount = app.mount("/slow", slow);
    EddyTest.run(app, (server, client) -> {
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<HttpResponse<String>> inFlight = pool.submit(() -> client.get("/slow/work"));
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        mount.maintenance(true);
        assertEquals(1, mount.inFlight());
        assertEquals(503, client.get("/slow/work").statusCode());
        assertFalse(mount.awaitIdle(Duration.ofMillis(100)), "one request is still inside");
        release.countDown();
        assertTrue(mount.awaitIdle(Duration.ofSeconds(5)));
        HttpResponse<String> r = inFlight.get(5, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("finished", r.body());
        assertEquals(0, mount.inFlight());
      }
    });
  }

  @Test
  void togglingOneSubAppUnderLoadNeverTouchesAnother() throws Exception {
    App app = new App();
    Mount blog = app.mount("/blog", subApp("blog"));
    app.mount("/shop", subApp("shop"));
    EddyTest.run(app, (server, client) -> {
      AtomicBoolean stop = new AtomicBoolean();
      Set<String> blogAnswers = ConcurrentHashMap.newKeySet();
      Set<String> shopAnswers = ConcurrentHashMap.newKeySet();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<?> toggler = pool.submit(() -> {
          for (int i = 0; i < 2000 && !stop.get(); i++) {
            blog.maintenance(i % 2 == 0);
            Thread.onSpinWait();
          }
          return null;
        });
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          clients.add(pool.submit(() -> {
            for (int i = 0; i < 50; i++) {
              blogAnswers.add(answer(client, "/blog/p"));
              shopAnswers.add(answer(client, "/shop/p"));
            }
            return null;
          }));
        }
        for (Future<?> f : clients) {
          f.get(30, TimeUnit.SECONDS);
        }
        stop.set(true);
        toggler.get(10, TimeUnit.SECONDS);
      }
      assertEquals(Set.of("200 shop p"), shopAnswers);
      assertTrue(Set.of("200 blog p", "503 /blog is down for maintenance.\n").containsAll(blogAnswers), blogAnswers.toString());
    });
  }

  private static String answer(TestClient client, String path) throws Exception {
    HttpResponse<String> r = client.get(path);
    return r.statusCode() + " " + r.body();
  }
}
