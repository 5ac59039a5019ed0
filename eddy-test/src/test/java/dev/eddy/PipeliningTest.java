package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class PipeliningTest {

  private static App app() {
    App app = new App();
    app.get("/slow", ctx -> {
      Thread.sleep(300);
      ctx.text("slow");
    });
    app.get("/fast", ctx -> ctx.text("fast"));
    app.get("/loop", Handler.onEventLoop(ctx -> ctx.text("loop")));
    app.get("/async", Handler.onEventLoop(ctx -> {
      CompletionStage<String> later = CompletableFuture.supplyAsync(() -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "async";
      });
      ctx.async(later);
    }));
    app.post("/echo", ctx -> ctx.text(ctx.bodyAsString()));
    return app;
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
  }

  @Test
  void pipelinedResponsesGoOutInRequestOrder() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        raw.send(get("/slow") + get("/fast") + get("/loop") + get("/async") + get("/fast")
            + "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nbody" + get("/loop"));
        String text = raw.readResponses(7);
        List<String> bodies = bodies(text);
        assertEquals(List.of("slow", "fast", "loop", "async", "fast", "body", "loop"), bodies, text);
      }
    });
  }

  @Test
  void keepAliveServesManyRequestsOnOneConnection() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        for (int i = 0; i < 50; i++) {
          raw.send(get(i % 2 == 0 ? "/fast" : "/loop"));
          String r = raw.readResponses(1);
          assertTrue(r.startsWith("HTTP/1.1 200 OK"), r);
        }
      }
    });
  }

  @Test
  void connectionCloseIsHonouredAndHttp10ClosesByDefault() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String r = raw.send("GET /fast HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").readToClose();
        assertTrue(r.toLowerCase().contains("connection: close"), r);
      }
      try (RawClient raw = new RawClient(server.port())) {
        String r = raw.send("GET /fast HTTP/1.0\r\n\r\n").readToClose();
        assertTrue(r.startsWith("HTTP/1.0 200 OK"), r);
      }
      try (RawClient raw = new RawClient(server.port())) {
        raw.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        String r = raw.readResponses(1);
        assertTrue(r.toLowerCase().contains("connection: keep-alive"), r);
        raw.send("GET /loop HTTP/1.0\r\n\r\n");
        assertTrue(raw.readToClose().endsWith("loop"));
      }
    });
  }

  @Test
  void manyPipelinedRequestsAreAllAnsweredWithBoundedReadAhead() throws Exception {
    App app = app();
    app.options(app.options().maxPipelinedRequests(8));
    EddyTest.run(app, (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 500; i++) {
          burst.append(get(i % 3 == 0 ? "/loop" : "/fast"));
        }
        raw.send(burst.toString());
        String text = raw.readResponses(500);
        assertEquals(500, RawClient.completeResponses(text));
      }
    });
  }

  static List<String> bodies(String text) {
    List<String> out = new java.util.ArrayList<>();
    int pos = 0;
    while (true) {
      int end = text.indexOf("\r\n\r\n", pos);
      if (end < 0) {
        return out;
      }
      String head = text.substring(pos, end).toLowerCase();
      int cl = head.indexOf("content-length:");
      int eol = head.indexOf("\r\n", cl);
      int length = Integer.parseInt(head.substring(cl + 15, eol < 0 ? head.length() : eol).trim());
      out.add(text.substring(end + 4, end + 4 + length));
      pos = end + 4 + length;
    }
  }
}
