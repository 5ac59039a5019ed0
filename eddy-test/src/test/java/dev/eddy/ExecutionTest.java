package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutionTest {

  @Test
  void handlersRunOnVirtualThreadsByDefault() throws Exception {
    App app = new App();
    app.get("/", ctx -> ctx.text("virtual=" + Thread.currentThread().isVirtual()));
    EddyTest.run(app, (server, client) -> assertEquals("virtual=true", client.get("/").body()));
  }

  @Test
  void anEventLoopRouteRunsOnTheLoop() throws Exception {
    App app = new App();
    app.get("/", Handler.onEventLoop(ctx -> ctx.text(
        "virtual=" + Thread.currentThread().isVirtual() + " " + Thread.currentThread().getName().startsWith("eddy-loop"))));
    EddyTest.run(app, (server, client) -> assertEquals("virtual=false true", client.get("/").body()));
  }

  @Test
  void twoHundredBlockingHandlersRunConcurrently() throws Exception {
    App app = new App();
    app.get("/sleep", ctx -> {
      Thread.sleep(1000);
      ctx.text("rested");
    });
    EddyTest.run(app, (server, client) -> {
      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        all.add(client.http().sendAsync(client.request("/sleep").build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> f : all) {
        assertEquals("rested", f.get(20, TimeUnit.SECONDS).body());
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // Serially this would take 200 s; "about 1 s" with generous room for a loaded CI machine.
      assertTrue(millis < 6000, "200 sleeping requests took " + millis + " ms");
    });
  }

  @Test
  void aHandlerCanFinishLaterFromACompletionStage() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      App app = new App();
      app.get("/later", Handler.onEventLoop(ctx -> {
        CompletableFuture<String> f = new CompletableFuture<>();
        timer.schedule(() -> f.complete("done later"), 100, TimeUnit.MILLISECONDS);
        ctx.async(f);
      }));
      app.get("/json", ctx -> ctx.async(CompletableFuture.supplyAsync(() -> List.of(1, 2, 3))));
      app.get("/fails", ctx -> ctx.async(CompletableFuture.failedFuture(new HttpException(418, "teapot"))));
      app.get("/void", ctx -> ctx.async(CompletableFuture.runAsync(() -> { })));
      EddyTest.run(app, (server, client) -> {
        assertEquals("done later", client.get("/later").body());
        assertEquals("[1,2,3]", client.get("/json").body());
        HttpResponse<String> failed = client.get("/fails");
        assertEquals(418, failed.statusCode());
        assertEquals("teapot\n", failed.body());
        assertEquals(204, client.get("/void").statusCode());
      });
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void asyncRoutesDoNotHoldThreads() throws Exception {
    // 300 requests wait on one stage at once; a dump of every thread, virtual ones included, shows
    // none of them parked in Eddy's handler code meanwhile.
    CompletableFuture<String> gate = new CompletableFuture<>();
    App app = new App();
    app.get("/wait", Handler.onEventLoop(ctx -> ctx.async(gate)));
    app.get("/wait-vt", ctx -> ctx.async(gate));
    EddyTest.run(app, (server, client) -> {
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        all.add(client.http().sendAsync(client.request(i % 2 == 0 ? "/wait" : "/wait-vt").build(), HttpResponse.BodyHandlers.ofString()));
      }
      Thread.sleep(500);
      String dump = ThreadDumps.all();
      assertTrue(!dump.contains("dev.eddy.internal.app.Chain"), "a thread is still inside a handler:\n" + dump);
      gate.complete("open");
      for (CompletableFuture<HttpResponse<String>> f : all) {
        assertEquals("open", f.get(20, TimeUnit.SECONDS).body());
      }
    });
  }
}
