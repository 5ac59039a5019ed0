package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WebSocketClient.CloseStatus;
import dev.eddy.client.WsMessage;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Paginated results demo (seed 000) on the real gallery app, with a short page delay so the
 * tests run fast, and Eddy's Java WebSocket client as the browser.
 */
class ResultsDemoTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static URI socket(TestServer server) {
    return URI.create("ws://127.0.0.1:" + server.port() + "/results/ws");
  }

  private static List<String> items(int page) {
    return IntStream.rangeClosed((page - 1) * 10 + 1, page * 10).mapToObj(i -> "Result " + i).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> next(WebSocketClient ws) throws InterruptedException {
    WsMessage m = ws.receive(WAIT);
    assertNotNull(m, "a message within " + WAIT);
    return JSON.readValue(assertInstanceOf(WsMessage.Text.class, m).text(), Map.class);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    for (long end = System.nanoTime() + WAIT.toNanos(); !condition.getAsBoolean(); Thread.sleep(10)) {
      assertTrue(System.nanoTime() < end, "waited " + WAIT + " for " + what);
    }
  }

  @Test
  void thePageHasTheFirstTenResultsRenderedOnTheServerAndItsScriptAsAFile() throws Exception {
    ResultsDemo results = new ResultsDemo(Duration.ofMillis(10));
    EddyTest.run(Gallery.create(results), (server, client) -> {
      HttpResponse<String> page = client.get("/results/");
      assertEquals(200, page.statusCode());
      assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      String html = page.body();
      StringBuilder first = new StringBuilder();
      items(1).forEach(item -> first.append("<li>").append(item).append("</li>"));
      assertTrue(html.contains("<ul class=\"page\" data-page=\"1\">" + first + "</ul>"), html);
      assertFalse(html.contains("Result 11"), "only page 1 is in the HTML");
      assertTrue(html.contains("<span id=\"status\" data-state=\"loading\" aria-live=\"polite\">page 1 of 10</span>"), html);
      assertTrue(html.contains("<script type=\"module\" src=\"/results/results.js\"></script>"), "a file, as the CSP wants");
      assertFalse(html.contains("<script>"), "no inline script");
      assertEquals(1, results.pagesFetched(), "the page fetched page 1 and nothing else");

      HttpResponse<String> script = client.get("/results/results.js");
      assertEquals(200, script.statusCode());
      assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(script.body().contains("import { connect } from '/eddy.js';"), script.body());
      assertTrue(script.body().contains("socket.on('results'") && script.body().contains("socket.on('done'"), script.body());
      assertEquals(200, client.get("/eddy.js").statusCode(), "the gallery serves eddy.js");
      assertEquals(301, client.get("/results").statusCode());
      assertTrue(client.get("/").body().contains("href=\"/results/\""), "the index links the demo");
    });
  }

  @Test
  void resultsAreEscapedInTheHtml() {
    String html = ResultsPage.html(List.of("<script>alert('x')</script> & \"more\""), 10);
    assertTrue(html.contains("<li>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</li>"), html);
    assertFalse(html.contains("<script>alert"), html);
  }

  @Test
  void theSocketPushesPagesTwoToTenInOrderThenDoneAndCloses() throws Exception {
    ResultsDemo results = new ResultsDemo(Duration.ofMillis(10));
    EddyTest.run(Gallery.create(results), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(socket(server))) {
        WsMessage first = ws.receive(WAIT);
        assertEquals(new WsMessage.Text("{\"type\":\"results\",\"page\":2,\"value\":[\"Result 11\",\"Result 12\","
            + "\"Result 13\",\"Result 14\",\"Result 15\",\"Result 16\",\"Result 17\",\"Result 18\",\"Result 19\","
            + "\"Result 20\"]}"), first, "the wire format");
        for (int page = 3; page <= 10; page++) {
          assertEquals(Map.of("type", "results", "page", page, "value", items(page)), next(ws));
        }
        assertEquals(new WsMessage.Text("{\"type\":\"done\"}"), ws.receive(WAIT));
        assertEquals(new CloseStatus(1000, "All 10 pages sent"), ws.closed().get(5, TimeUnit.SECONDS));
      }
      assertEquals(9, results.pagesFetched(), "pages 2 to 10, each once");
      await("the producer to end", () -> results.producing() == 0);
    });
  }

  @Test
  void closingTheSocketMidWayStopsTheFetching() throws Exception {
    Duration delay = Duration.ofMillis(1000);
    ResultsDemo results = new ResultsDemo(delay);
    EddyTest.run(Gallery.create(results), (server, client) -> {
      WebSocketClient ws = WebSocketClient.connect(socket(server));
      assertEquals(2, next(ws).get("page"));
      // the producer is now a second into page 3's fetch; closing must end it there
      ws.close(1000, "seen enough").get(5, TimeUnit.SECONDS);
      await("the producer to end", () -> results.producing() == 0);
      assertEquals(1, results.pagesFetched(), "page 3 was never finished");
      Thread.sleep(delay.multipliedBy(2).toMillis()); // a grace of two pages' time: still nothing
      assertEquals(1, results.pagesFetched(), "no page is produced after the close");
      assertEquals(0, results.producing());
    });
  }

  @Test
  void aSocketClosedBeforeItsFirstPageFetchesNothing() throws Exception {
    ResultsDemo results = new ResultsDemo(Duration.ofMinutes(10)); // a fetch that only an interrupt ends
    EddyTest.run(Gallery.create(results), (server, client) -> {
      WebSocketClient ws = WebSocketClient.connect(socket(server));
      await("the producer to start", () -> results.producing() == 1);
      ws.close(1000, "").get(5, TimeUnit.SECONDS);
      await("the producer to stop in the middle of its fetch", () -> results.producing() == 0);
      assertEquals(0, results.pagesFetched());
    });
  }

  @Test
  void theServersShutdownStopsEveryProducer() throws Exception {
    ResultsDemo results = new ResultsDemo(Duration.ofMinutes(10));
    List<WebSocketClient> sockets = new ArrayList<>();
    EddyTest.run(Gallery.create(results), (server, client) -> {
      for (int i = 0; i < 3; i++) {
        sockets.add(WebSocketClient.connect(socket(server)));
      }
      await("three producers", () -> results.producing() == 3);
    });
    for (WebSocketClient ws : sockets) {
      assertEquals(1001, ws.closed().get(5, TimeUnit.SECONDS).code(), "going away");
      ws.close();
    }
    await("every producer to stop", () -> results.producing() == 0);
    assertEquals(0, results.pagesFetched());
  }

  @Test
  void aTextMessageGetsAnErrorReplyAndThePagesKeepComing() throws Exception {
    ResultsDemo results = new ResultsDemo(Duration.ofMillis(20));
    EddyTest.run(Gallery.create(results), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(socket(server))) {
        ws.sendText("{\"type\":\"stop\"}");
        ws.sendText("not even JSON");
        List<Integer> pages = new ArrayList<>();
        int errors = 0;
        for (Map<String, Object> m = next(ws); !"done".equals(m.get("type")); m = next(ws)) {
          if ("error".equals(m.get("type"))) {
            assertEquals("The results socket takes no messages: it only sends pages", m.get("error"));
            errors++;
          } else {
            pages.add((Integer) m.get("page"));
          }
        }
        assertEquals(2, errors, "one reply per message");
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), pages, "every page, in order");
        assertEquals(1000, ws.closed().get(5, TimeUnit.SECONDS).code());
      }
    });
  }

  @Test
  void binaryOrOversizedMessagesCloseTheSocketAndStopItsProducer() throws Exception {
    ResultsDemo results = new ResultsDemo(Duration.ofMinutes(10));
    EddyTest.run(Gallery.create(results), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(socket(server))) {
        ws.sendBinary(new byte[] {1, 2, 3});
        assertEquals(1003, ws.closed().get(5, TimeUnit.SECONDS).code());
      }
      try (WebSocketClient ws = WebSocketClient.connect(socket(server))) {
        ws.sendText("x".repeat(2000));
        assertEquals(1009, ws.closed().get(5, TimeUnit.SECONDS).code(), "over the 1 KiB inbound limit");
      }
      await("both producers to stop", () -> results.producing() == 0);
      assertEquals(0, results.pagesFetched());
    });
  }

  @Test
  void aNegativeDelayIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ResultsDemo(Duration.ofMillis(-1)));
    assertEquals("The results delay must not be negative, got -1 ms", e.getMessage());
  }
}
