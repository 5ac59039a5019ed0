package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  @Test
  void startBindsAnEphemeralPortAndRunsHooksInOrder() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    App app = new App();
    app.get("/", ctx -> ctx.text("up"));
    app.onStart(() -> events.add("start " + (app.port() > 0)));
    app.onStop(() -> events.add("stop 1"));
    app.onStop(() -> events.add("stop 2"));
    app.options(app.options().host("127.0.0.1"));
    app.start(0);
    try {
      assertTrue(app.port() > 0);
      assertThrows(IllegalStateException.class, () -> app.start(0));
    } finally {
      app.stop();
    }
    app.stop(); // a second stop does nothing
    assertEquals(List.of("start true", "stop 2", "stop 1"), events);
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", portOf(app)).close());
  }

  private static int portOf(App app) {
    try {
      return app.port();
    } catch (IllegalStateException stopped) {
      return 1; // nothing listens on port 1
    }
  }

  @Test
  void aBusyPortGivesAClearError() throws Exception {
    App first = new App();
    first.get("/", ctx -> ctx.text("x"));
    EddyTest.run(first, (server, client) -> {
      App second = new App();
      second.options(second.options().host("127.0.0.1"));
      var e = assertThrows(IllegalStateException.class, () -> second.start(server.port()));
      assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
    });
  }

  @Test
  void aFailingStartHookStopsTheServer() {
    App app = new App();
    app.options(app.options().host("127.0.0.1"));
    app.onStart(() -> {
      throw new IllegalStateException("database unreachable");
    });
    var e = assertThrows(IllegalStateException.class, () -> app.start(0));
    assertEquals("database unreachable", e.getMessage());
  }

  @Test
  void gracefulShutdownLetsInFlightRequestsFinishAndRefusesNewConnections() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(1);
    App app = new App();
    app.options(ServerOptions.defaults().host("127.0.0.1").shutdownGrace(Duration.ofSeconds(5)));
    app.get("/slow", ctx -> {
      inHandler.countDown();
      Thread.sleep(1000);
      ctx.text("finished");
    });
    app.start(0);
    int port = app.port();
    var client = java.net.http.HttpClient.newHttpClient();
    try (client) {
      CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/slow")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(inHandler.await(5, TimeUnit.SECONDS));
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
      Thread.sleep(200);
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "new connections are refused while draining");
      HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
      assertEquals("finished", r.body());
      assertEquals("close", r.headers().firstValue("Connection").orElseThrow());
      stopping.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shutdownClosesIdleKeepAliveConnectionsRightAway() throws Exception {
    App app = new App();
    app.options(ServerOptions.defaults().host("127.0.0.1").shutdownGrace(Duration.ofSeconds(10)));
    app.get("/", ctx -> ctx.text("x"));
    app.start(0);
    try (RawClient raw = new RawClient(app.port())) {
      raw.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").readResponses(1);
      long start = System.nanoTime();
      app.stop();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 4000, "stop took " + millis + " ms with only an idle connection open");
      assertTrue(raw.closedByServer());
    }
  }
}
