package dev.eddy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.eddy.App;
import dev.eddy.session.Session;
import dev.eddy.session.Sessions;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions in Redis behind two app instances: a session made on one is used on the other, and the
 * middleware's idle and absolute timeouts hold as they do with the in-memory store.
 */
class RedisSessionsTest {
  private RedisServer server;
  private Redis one;
  private Redis two;

  @BeforeEach
  void startRedis() throws Exception {
    server = RedisServer.start();
    one = Redis.connect(server.url());
    two = Redis.connect(server.url());
  }

  @AfterEach
  void stopRedis() {
    one.close();
    two.close();
    server.close();
  }

  private static App app(Redis redis, Duration idle, Duration absolute) {
    App app = new App();
    app.use(Sessions.builder().store(new RedisSessionStore(redis)).idleTimeout(idle).absoluteTimeout(absolute).build());
    app.post("/login", ctx -> {
      Session.of(ctx).set("user", "ada");
      ctx.text("ok");
    });
    app.get("/me", ctx -> {
      Session s = Session.of(ctx);
      ctx.text(s.has("user") ? s.get("user", String.class) : "anonymous");
    });
    return app;
  }

  @Test
  void aSessionStartedOnOneInstanceIsUsedOnTheOtherAndEndsWhenIdle() throws Exception {
    Duration idle = Duration.ofSeconds(1);
    EddyTest.run(app(one, idle, Duration.ofHours(1)), (serverA, clientA) ->
        EddyTest.run(app(two, idle, Duration.ofHours(1)), (serverB, clientB) -> {
          String cookie = login(clientA);
          assertEquals("ada", me(clientB, cookie), "the other instance sees the session");
          for (int i = 0; i < 3; i++) {
            Thread.sleep(600);
            assertEquals("ada", me(i % 2 == 0 ? clientA : clientB, cookie), "each visit restarts the idle clock");
          }
          Thread.sleep(1500);
          assertEquals("anonymous", me(clientB, cookie), "idle for longer than the idle timeout");
        }));
  }

  @Test
  void aSessionEndsAtItsAbsoluteTimeoutHoweverBusy() throws Exception {
    Duration idle = Duration.ofSeconds(2);
    Duration absolute = Duration.ofSeconds(3);
    EddyTest.run(app(one, idle, absolute), (serverA, clientA) ->
        EddyTest.run(app(two, idle, absolute), (serverB, clientB) -> {
          long start = System.nanoTime();
          String cookie = login(clientA);
          String who = "ada";
          while (who.equals("ada") && System.nanoTime() - start < Duration.ofSeconds(8).toNanos()) {
            Thread.sleep(400);
            who = me(clientB, cookie);
          }
          long lived = Duration.ofNanos(System.nanoTime() - start).toMillis();
          assertEquals("anonymous", who);
          assertEquals(true, lived >= 2900 && lived < 5000, "ended after its 3 s absolute timeout, not before: " + lived + " ms");
        }));
  }

  private static String login(TestClient client) throws Exception {
    HttpResponse<String> r = client.post("/login", "", "text/plain");
    assertEquals(200, r.statusCode());
    String setCookie = r.headers().firstValue("Set-Cookie").orElse(null);
    assertNotNull(setCookie, "the login sets the session cookie");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static String me(TestClient client, String cookie) throws Exception {
    return client.send(client.request("/me").header("Cookie", cookie).GET()).body();
  }
}
