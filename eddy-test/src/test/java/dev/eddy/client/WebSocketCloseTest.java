package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.client.WebSocketClient.CloseStatus;
import dev.eddy.test.LeakWatch;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing is a handshake: each side learns the other's code and reason. */
class WebSocketCloseTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private EchoServer server;

  @BeforeEach
  void start() throws Exception {
    server = new EchoServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    LeakWatch.assertNoLeaks();
  }

  @Test
  void thePeersCloseCodeAndReasonAreReported() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("close");
      assertEquals(new CloseStatus(4001, "bye"), ws.closed().get(5, TimeUnit.SECONDS));
      assertEquals("close:4001 ", server.heard.poll(5, TimeUnit.SECONDS), "the JDK answers with the same code");
    }
  }

  @Test
  void closeSendsItsCodeAndCompletesWithThePeersAnswer() throws Exception {
    WebSocketClient ws = WebSocketClient.connect(server.uri());
    assertEquals(new CloseStatus(4000, "done"), ws.close(4000, "done").get(5, TimeUnit.SECONDS));
    assertEquals("close:4000 done", server.heard.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void messagesThatCameBeforeTheCloseCanStillBeReceived() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("last words");
      ws.sendText("close");
      ws.closed().get(5, TimeUnit.SECONDS);
      assertEquals(new WsMessage.Text("last words"), ws.receive(WAIT));
      IllegalStateException ended = assertThrows(IllegalStateException.class, () -> ws.receive(WAIT));
      assertTrue(ended.getMessage().contains("4001"), ended.getMessage());
    }
  }

  @Test
  void autoCloseClosesNormally() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("hi");
      assertEquals(new WsMessage.Text("hi"), ws.receive(WAIT));
    }
    assertEquals("close:1000 ", server.heard.poll(5, TimeUnit.SECONDS));
  }
}
