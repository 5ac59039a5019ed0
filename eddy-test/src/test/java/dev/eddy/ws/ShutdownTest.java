package dev.eddy.ws;

import static dev.eddy.ws.CallbacksTest.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.ServerOptions;
import dev.eddy.client.WebSocketClient;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** App.stop() closes open WebSockets with 1001 and waits for their closing handshakes. */
class ShutdownTest {

  @Test
  void stoppingTheServerClosesWebSocketsWith1001() throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/ws", rec);
    app.options(ServerOptions.defaults().shutdownGrace(Duration.ofSeconds(10)));
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient a = WebSocketClient.connect(ws(server, "/ws"));
           WebSocketClient b = WebSocketClient.connect(ws(server, "/ws"))) {
        long start = System.nanoTime();
        server.app().stop();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(new WebSocketClient.CloseStatus(1001, "Server shutting down"), a.closed().get(5, TimeUnit.SECONDS));
        assertEquals(1001, b.closed().get(5, TimeUnit.SECONDS).code());
        assertTrue(tookMs < 5000, "stop() waited for the closing handshakes, not the whole grace period: " + tookMs + " ms");
      }
      assertEquals("1001:Server shutting down", rec.awaitClose(Duration.ofSeconds(5)));
    });
  }
}
