package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * JSON objects with a handled {@code type} go to their handler; everything else to receive(). The
 * peer is Eddy's server, echoing what the client sends.
 */
class WebSocketTypedMessagesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String GREETING = "{\"type\":\"greeting\",\"name\":\"Ada\"}";
  private static final String OTHER = "{\"type\":\"other\",\"n\":1}";

  record Greeting(String type, String name) {}

  @Test
  void aMessageGoesToTheHandlerOfItsTypeAndOthersToReceive() throws Exception {
    BlockingQueue<Map<String, Object>> greetings = new LinkedBlockingQueue<>();
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.on("greeting", greetings::add);
        ws.sendText(GREETING);
        ws.sendText(OTHER);
        assertEquals(Map.of("type", "greeting", "name", "Ada"), greetings.poll(5, TimeUnit.SECONDS));
        assertEquals(new WsMessage.Text(OTHER), ws.receive(WAIT), "no handler for \"other\"");
      }
    });
  }

  @Test
  void sendJsonSendsTheValueEncodedAsText() throws Exception {
    BlockingQueue<Map<String, Object>> greetings = new LinkedBlockingQueue<>();
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.on("greeting", greetings::add);
        ws.sendJson(new Greeting("greeting", "Bo")).get(5, TimeUnit.SECONDS);
        assertEquals(Map.of("type", "greeting", "name", "Bo"), greetings.poll(5, TimeUnit.SECONDS));
      }
    });
  }

  @Test
  void textThatIsNotAJsonObjectWithATypeIsPlainText() throws Exception {
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.on("greeting", m -> { });
        for (String text : new String[] {"{not json", "[1,2]", "{\"type\":7}", "{\"name\":\"no type\"}"}) {
          ws.sendText(text);
          assertEquals(new WsMessage.Text(text), ws.receive(WAIT));
        }
      }
    });
  }

  @Test
  void aThrowingHandlerDoesNotEndTheConnection() throws Exception {
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.on("greeting", m -> {
          throw new IllegalStateException("a handler bug");
        });
        ws.sendText(GREETING);
        ws.sendText(OTHER);
        assertEquals(new WsMessage.Text(OTHER), ws.receive(WAIT));
        ws.sendText("still here");
        assertEquals(new WsMessage.Text("still here"), ws.receive(WAIT));
      }
    });
  }

  @Test
  void aTypeHasOneHandler() throws Exception {
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.on("greeting", m -> { });
        assertThrows(IllegalStateException.class, () -> ws.on("greeting", m -> { }));
      }
    });
  }
}
