package dev.eddy.ws;

import static dev.eddy.ws.CallbacksTest.ws;
import static dev.eddy.ws.RawWebSocket.BINARY;
import static dev.eddy.ws.RawWebSocket.CONTINUATION;
import static dev.eddy.ws.RawWebSocket.PING;
import static dev.eddy.ws.RawWebSocket.PONG;
import static dev.eddy.ws.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fragmented messages arrive whole; frame and message limits close with 1009. */
class FragmentationTest {

  @Test
  void theJdkClientsFragmentsArriveAsOneMessage() throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/echo", rec);
    EddyTest.run(app, (server, client) -> {
      CompletableFuture<String> echoed = new CompletableFuture<>();
      StringBuilder got = new StringBuilder();
      WebSocket jdk = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(ws(server, "/echo"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              got.append(data);
              if (last) {
                echoed.complete(got.toString());
              }
              w.request(1);
              return null;
            }
          }).get(5, TimeUnit.SECONDS);
      jdk.sendText("Hel", false).get(5, TimeUnit.SECONDS);
      jdk.sendText("lo, ", false).get(5, TimeUnit.SECONDS);
      jdk.sendText("wörld", true).get(5, TimeUnit.SECONDS);
      assertEquals("Hello, wörld", echoed.get(5, TimeUnit.SECONDS));
      jdk.sendClose(1000, "").get(5, TimeUnit.SECONDS);
      assertEquals("open", rec.next());
      assertEquals("text:Hello, wörld", rec.next());
    });
  }

  @Test
  void controlFramesBetweenFragmentsAreAnsweredAndTheMessageStaysWhole() throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/echo", rec);
    EddyTest.run(app, (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/echo")) {
        raw.send(false, BINARY, new byte[] {1, 2});
        raw.send(true, PING, "are you there".getBytes(StandardCharsets.UTF_8));
        RawWebSocket.Frame pong = raw.read();
        assertEquals(PONG, pong.opcode());
        assertEquals("are you there", pong.text(), "a Pong carries the Ping's payload");
        raw.send(false, CONTINUATION, new byte[] {3});
        raw.send(true, CONTINUATION, new byte[] {4, 5});
        RawWebSocket.Frame echo = raw.read();
        assertEquals(BINARY, echo.opcode());
        assertTrue(echo.fin());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, echo.payload());
        // a UTF-8 character split between two fragments
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        raw.send(false, TEXT, new byte[] {euro[0]});
        raw.send(true, CONTINUATION, new byte[] {euro[1], euro[2]});
        assertEquals("€", raw.read().text());
      }
    });
  }

  @Test
  void aMessageOverTheLimitAcrossFragmentsClosesWith1009() throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/small", WebSocketOptions.defaults().maxMessageBytes(1000), rec);
    EddyTest.run(app, (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/small")) {
        raw.send(false, BINARY, new byte[600]);
        raw.send(true, CONTINUATION, new byte[600]);
        RawWebSocket.Frame close = raw.readClose();
        assertEquals(1009, close.closeCode(), close.toString());
        assertTrue(raw.closedByServer());
      }
      assertEquals("open", rec.next());
      assertTrue(rec.next().startsWith("close:1009:"));
    });
  }

  @Test
  void aFrameOverTheLimitClosesWith1009BeforeItsPayloadArrives() throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/small", WebSocketOptions.defaults().maxFrameBytes(1000), rec);
    EddyTest.run(app, (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/small")) {
        // only the header of a 10 MB frame: the server must refuse it from the length alone
        raw.output().write(new byte[] {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, 0, (byte) 0xa0, 0, 0, 1, 2, 3, 4});
        raw.output().flush();
        RawWebSocket.Frame close = raw.readClose();
        assertEquals(1009, close.closeCode(), close.toString());
        assertTrue(raw.closedByServer());
      }
      assertEquals("open", rec.next());
      assertTrue(rec.next().startsWith("close:1009:"));
    });
  }

  @Test
  void messagesUpToTheLimitPass() throws Exception {
    App app = new App().ws("/limit", WebSocketOptions.defaults().maxMessageBytes(2000).maxFrameBytes(1000), new Recorder(true));
    EddyTest.run(app, (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/limit")) {
        byte[] a = new byte[1000];
        byte[] b = new byte[1000];
        b[999] = 7;
        raw.send(false, BINARY, a).send(true, CONTINUATION, b);
        RawWebSocket.Frame echo = raw.read();
        assertEquals(2000, echo.payload().length);
        assertEquals(7, echo.payload()[1999]);
        raw.timeout((int) Duration.ofMillis(300).toMillis());
        assertTrue(!raw.closedByServer(), "the connection stays open");
      }
    });
  }
}
