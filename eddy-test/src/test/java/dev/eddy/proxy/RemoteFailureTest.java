package dev.eddy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.LogCapture;
import dev.eddy.RawClient;
import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RemoteFailureTest {

  private static App front(URI backend, Duration responseTimeout, Duration readTimeout) {
    App app = new App();
    app.mount("/api", Remote.builder(backend).responseTimeout(responseTimeout).readTimeout(readTimeout).build());
    return app;
  }

  @Test
  void aBackendThatIsDownIs502WithAClearBodyAndALogLine() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    URI backend = URI.create("http://127.0.0.1:" + closed);
    try (LogCapture log = new LogCapture()) {
      EddyTest.run(front(backend, Duration.ofSeconds(5), Duration.ofSeconds(5)), (server, client) -> {
        HttpResponse<String> r = client.get("/api/users/1");
        assertEquals(502, r.statusCode());
        assertEquals("Bad Gateway: the service behind /api/users/1 could not be reached\n", r.body());
        assertFalse(r.body().contains(String.valueOf(closed)), "the backend's address stays private");
        HttpResponse<String> json = client.send(client.request("/api/users/1").header("Accept", "application/json"));
        assertEquals("{\"status\":502,\"error\":\"Bad Gateway: the service behind /api/users/1 could not be reached\"}", json.body());
        String text = log.await("connection refused (502)");
        assertTrue(text.contains("Proxy GET /api/users/1 -> " + backend + "/users/1 failed: connection refused (502)"), text);
      });
    }
  }

  @Test
  void aBackendThatResetsTheConnectionIs502() throws Exception {
    try (ServerSocket resetting = new ServerSocket(0)) {
      Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            Socket s = resetting.accept();
            s.getInputStream().read(new byte[1024]); // take the request head, then reset
            s.setSoLinger(true, 0);
            s.close();
          }
        } catch (IOException stopped) {
          // the test is over
        }
      });
      URI backend = URI.create("http://127.0.0.1:" + resetting.getLocalPort());
      try (LogCapture log = new LogCapture()) {
        EddyTest.run(front(backend, Duration.ofSeconds(5), Duration.ofSeconds(5)), (server, client) -> {
          assertEquals(502, client.get("/api/x").statusCode());
          assertTrue(log.await("(502)").contains("the connection failed"), log.text());
        });
      }
    }
  }

  @Test
  void aBackendThatIsTooSlowToAnswerIs504() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    App slow = new App();
    slow.get("/slow", ctx -> {
      release.await(10, TimeUnit.SECONDS);
      ctx.text("too late");
    });
    try (Backend backend = new Backend(slow); LogCapture log = new LogCapture()) {
      EddyTest.run(front(backend.uri(""), Duration.ofMillis(300), Duration.ofSeconds(5)), (server, client) -> {
        HttpResponse<String> r = client.get("/api/slow");
        release.countDown();
        assertEquals(504, r.statusCode());
        assertEquals("Gateway Timeout: the service behind /api/slow did not answer in time\n", r.body());
        assertTrue(log.await("(504)").contains("failed: no answer within 300 ms (504)"), log.text());
      });
    }
  }

  @Test
  void aBackendThatStallsMidBodyCutsTheResponseShort() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    App stalling = new App();
    stalling.get("/stall", ctx -> {
      OutputStream out = ctx.stream("text/plain");
      out.write("begin\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      release.await(10, TimeUnit.SECONDS);
    });
    try (Backend backend = new Backend(stalling); LogCapture log = new LogCapture()) {
      EddyTest.run(front(backend.uri(""), Duration.ofSeconds(5), Duration.ofMillis(300)), (server, client) -> {
        try (RawClient raw = new RawClient(server.port())) {
          String r = raw.send("GET /api/stall HTTP/1.1\r\nHost: t\r\n\r\n").readToClose();
          release.countDown();
          assertTrue(r.startsWith("HTTP/1.1 200"), r);
          assertTrue(r.contains("begin\n"), r);
          assertFalse(r.endsWith("0\r\n\r\n"), "the client can tell the body is incomplete: " + r);
        }
        assertTrue(log.await("cutting the client's response short").contains("No data from"), log.text());
      });
    }
  }

  @Test
  void aClientThatLeavesMidDownloadStopsTheBackendStream() throws Exception {
    CountDownLatch backendStopped = new CountDownLatch(1);
    App endless = new App();
    endless.get("/endless", ctx -> {
      OutputStream out = ctx.stream("application/octet-stream");
      byte[] chunk = new byte[65536];
      try {
        for (int i = 0; i < 100_000; i++) { // 6 GiB: far more than any buffer in between
          out.write(chunk);
        }
      } catch (IOException expected) {
        backendStopped.countDown();
      }
    });
    try (Backend backend = new Backend(endless)) {
      EddyTest.run(front(backend.uri(""), Duration.ofSeconds(5), Duration.ofSeconds(5)), (server, client) -> {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          s.getOutputStream().write("GET /api/endless HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          InputStream in = s.getInputStream();
          assertEquals(1 << 20, in.readNBytes(1 << 20).length);
        }
        assertTrue(backendStopped.await(10, TimeUnit.SECONDS), "the proxy let go of the backend when the client left");
      });
    }
  }
}
