package dev.eddy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RequestIdTest {
  private static App app(RequestId requestId) {
    App app = new App();
    app.use(requestId);
    app.get("/id", ctx -> ctx.text(RequestId.of(ctx) + " " + ctx.attr(RequestId.KEY)));
    return app;
  }

  @Test
  void everyRequestGetsAFreshIdEchoedAndVisibleToHandlers() throws Exception {
    EddyTest.run(app(RequestId.generated()), (server, client) -> {
      HttpResponse<String> one = client.get("/id");
      String id = one.headers().firstValue("X-Request-Id").orElseThrow();
      assertTrue(id.matches("[0-9a-f]{32}"), id);
      assertEquals(id + " " + id, one.body());
      assertNotEquals(id, client.get("/id").headers().firstValue("X-Request-Id").orElseThrow());
    });
  }

  @Test
  void anIncomingIdIsIgnoredUnlessTrusted() throws Exception {
    EddyTest.run(app(RequestId.generated()), (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/id").header("X-Request-Id", "from-client"));
      assertNotEquals("from-client", r.headers().firstValue("X-Request-Id").orElseThrow());
    });
  }

  @Test
  void aTrustedIdIsKeptOnlyWhenWellFormed() throws Exception {
    EddyTest.run(app(RequestId.generated().trustIncoming(true)), (server, client) -> {
      HttpResponse<String> ok = client.send(client.request("/id").header("X-Request-Id", "lb-4f2a:7/x=="));
      assertEquals("lb-4f2a:7/x==", ok.headers().firstValue("X-Request-Id").orElseThrow());
      assertEquals("lb-4f2a:7/x== lb-4f2a:7/x==", ok.body());
      for (String bad : List.of("has space", "quote\"d", "x".repeat(129), "new\\nline", "")) {
        HttpResponse<String> r = client.send(client.request("/id").header("X-Request-Id", bad));
        assertTrue(r.headers().firstValue("X-Request-Id").orElseThrow().matches("[0-9a-f]{32}"), bad);
      }
    });
  }

  @Test
  void theHeaderCanBeRenamedAndTheLogShowsTheId() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    App app = new App();
    app.use(AccessLog.dev().to(lines::add));
    app.use(RequestId.generated().header("X-Correlation-Id").trustIncoming(true));
    app.get("/id", ctx -> ctx.text(RequestId.of(ctx)));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/id").header("X-Correlation-Id", "abc-123"));
      assertEquals("abc-123", r.headers().firstValue("X-Correlation-Id").orElseThrow());
      assertEquals("abc-123", r.body());
      for (int i = 0; i < 500 && lines.isEmpty(); i++) {
        Thread.sleep(10);
      }
      assertTrue(lines.get(0).endsWith(" [abc-123]"), lines.toString());
    });
  }
}
