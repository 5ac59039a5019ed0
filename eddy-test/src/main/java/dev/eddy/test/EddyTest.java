package dev.eddy.test;

import dev.eddy.App;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * EddyTest runs an app on an ephemeral port of 127.0.0.1 for the length of a test body, with a
 * client pointed at it, then stops it and fails the test if Netty reported a leaked buffer:
 *
 * <pre>{@code
 * EddyTest.run(app, (server, client) -> {
 *   assertEquals("Hello, Ada", client.get("/hello/Ada").body());
 * });
 * }</pre>
 */
public final class EddyTest {
  static {
    LeakWatch.install();
  }

  private EddyTest() {}

  /** Body is a test body that gets the running server and a client. */
  @FunctionalInterface
  public interface Body {
    void run(TestServer server, TestClient client) throws Exception;
  }

  public static void run(App app, Body body) throws Exception {
    app.options(app.options().host("127.0.0.1"));
    app.start(0);
    TestServer server = new TestServer(app);
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    try {
      body.run(server, new TestClient(http, server));
    } finally {
      // close() would wait for exchanges still open, such as an event stream; abort them instead.
      http.shutdownNow();
      app.stop();
    }
    LeakWatch.assertNoLeaks();
  }
}
