package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LoggingTest {

  private static App app() {
    App app = new App();
    app.post("/login", ctx -> ctx.addHeader("Set-Cookie", "session=s3cret").text("welcome " + ctx.bodyAsString()));
    return app;
  }

  @Test
  void oneLinePerRequestWithoutBodiesOrSecrets() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    EddyTest.run(app(), (server, client) -> {
      Logging logging = Logging.create().to(lines::add).headers(true).redact("X-Api-Key");
      try (Http http = Http.builder().interceptor(logging).build()) {
        String url = server.uri("/login").toString();
        assertEquals("welcome ada", http.post(url.replace("http://", "http://user:pw@")).header("Authorization", "Bearer t0ken")
            .header("Cookie", "a=b").header("X-Api-Key", "k3y").header("X-Plain", "visible").body("ada", "text/plain").text());
        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertTrue(line.matches("(?s)POST " + url.replace(".", "\\.") + " -> 200 \\(\\d+ ms\\).*"), line);
        for (String secret : List.of("t0ken", "a=b", "k3y", "s3cret", "user:pw", "ada")) {
          assertFalse(line.contains(secret), secret + " leaked: " + line);
        }
        assertTrue(line.contains("Authorization=<redacted>") && line.contains("X-Plain=[visible]"), line);
      }
    });
  }

  @Test
  void bodiesAreLoggedOnlyWhenAskedAndReachTheCallerIntact() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    EddyTest.run(app(), (server, client) -> {
      try (Http http = Http.builder().interceptor(Logging.create().to(lines::add).bodies(4)).build()) {
        assertEquals("welcome ada lovelace", http.post(server.uri("/login").toString()).body("ada lovelace", "text/plain").text());
        assertTrue(lines.get(0).contains("request body: ada ..."), lines.get(0));
        assertTrue(lines.get(0).contains("response body: welc..."), lines.get(0));
      }
    });
  }

  @Test
  void failuresAreLoggedToo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> lines = new CopyOnWriteArrayList<>();
    try (Http http = Http.builder().interceptor(Logging.create().to(lines::add)).build()) {
      assertThrows(ConnectException.class, () -> http.get("http://127.0.0.1:" + port + "/x").send());
    }
    assertTrue(lines.get(0).matches("GET http://127\\.0\\.0\\.1:" + port + "/x failed after \\d+ ms: java\\.net\\.ConnectException.*"),
        lines.get(0));
  }
}
