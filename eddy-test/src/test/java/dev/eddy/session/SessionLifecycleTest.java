package dev.eddy.session;

import static dev.eddy.session.SessionsTest.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.cookie.CookieJar;
import dev.eddy.cookie.SigningKeys;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fixation, logout and expiry, for both kinds of session: in a store and in a signed cookie. */
class SessionLifecycleTest {
  private static final SigningKeys KEYS = SigningKeys.generate();

  private static Sessions sessions(String kind, MutableClock clock) {
    Sessions.Builder b = Sessions.builder().clock(clock)
        .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(8));
    return kind.equals("store")
        ? b.store(new InMemorySessionStore(1000, clock)).build()
        : b.signedCookies(KEYS).build();
  }

  private static App app(Sessions sessions) {
    App app = new App();
    app.use(sessions);
    app.post("/login", ctx -> {
      Session s = Session.of(ctx);
      s.regenerate();
      s.set("user", "ada");
      ctx.text(s.id());
    });
    app.post("/logout", ctx -> {
      Session.of(ctx).invalidate();
      ctx.status(204);
    });
    app.post("/visit", ctx -> {
      Session.of(ctx).set("visited", true);
      ctx.text(Session.of(ctx).id());
    });
    app.get("/me", ctx -> {
      Session s = Session.of(ctx);
      ctx.text(s.has("user") ? s.get("user", String.class) : "anonymous");
    });
    return app;
  }

  @ParameterizedTest
  @ValueSource(strings = {"store", "cookie"})
  void regenerateGivesANewIdAndTheOldCookieNoLongerLogsIn(String kind) throws Exception {
    EddyTest.run(app(sessions(kind, new MutableClock())), (server, client) -> {
      CookieJar jar = new CookieJar();
      String before = send(client, jar, "POST", "/visit").body();
      String planted = jar.get("eddy_session");
      String after = send(client, jar, "POST", "/login").body();
      assertNotEquals(before, after, "login changes the id");
      assertNotEquals(planted, jar.get("eddy_session"), "and the cookie");
      assertEquals("ada", send(client, jar, "GET", "/me").body());
      CookieJar attacker = new CookieJar();
      attacker.put("eddy_session", planted);
      assertEquals("anonymous", send(client, attacker, "GET", "/me").body(), "the fixated id is not logged in");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"store"})
  void regenerateDeletesTheOldIdFromTheStore(String kind) throws Exception {
    MutableClock clock = new MutableClock();
    InMemorySessionStore store = new InMemorySessionStore(1000, clock);
    EddyTest.run(app(Sessions.builder().clock(clock).store(store).build()), (server, client) -> {
      CookieJar jar = new CookieJar();
      String old = send(client, jar, "POST", "/visit").body();
      send(client, jar, "POST", "/login");
      assertEquals(null, store.load(old, Duration.ofMinutes(1)), "the old id is dead on the server");
      assertEquals(1, store.size());
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"store", "cookie"})
  void logoutClearsTheCookieAndForgetsTheSession(String kind) throws Exception {
    EddyTest.run(app(sessions(kind, new MutableClock())), (server, client) -> {
      CookieJar jar = new CookieJar();
      send(client, jar, "POST", "/login");
      String loggedIn = jar.get("eddy_session");
      HttpResponse<String> out = send(client, jar, "POST", "/logout");
      String cleared = CookieJar.setCookie(out, "eddy_session");
      assertNotNull(cleared);
      assertTrue(cleared.contains("Max-Age=0") && cleared.contains("Path=/"), cleared);
      assertEquals("anonymous", send(client, jar, "GET", "/me").body());
      if (kind.equals("store")) {
        CookieJar replay = new CookieJar();
        replay.put("eddy_session", loggedIn);
        assertEquals("anonymous", send(client, replay, "GET", "/me").body(), "a copy of the old cookie is dead");
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"store", "cookie"})
  void anIdleSessionExpiresAndActivityKeepsItAlive(String kind) throws Exception {
    MutableClock clock = new MutableClock();
    EddyTest.run(app(sessions(kind, clock)), (server, client) -> {
      CookieJar jar = new CookieJar();
      send(client, jar, "POST", "/login");
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofMinutes(20));
        assertEquals("ada", send(client, jar, "GET", "/me").body(), "20 minutes idle, round " + i);
      }
      clock.advance(Duration.ofMinutes(31));
      assertEquals("anonymous", send(client, jar, "GET", "/me").body(), "31 minutes idle");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"store", "cookie"})
  void aSessionEndsAtItsAbsoluteTimeoutHoweverActive(String kind) throws Exception {
    MutableClock clock = new MutableClock();
    EddyTest.run(app(sessions(kind, clock)), (server, client) -> {
      CookieJar jar = new CookieJar();
      send(client, jar, "POST", "/login");
      Function<Integer, Duration> minutes = Duration::ofMinutes;
      for (int elapsed = 0; elapsed < 8 * 60 - 20; elapsed += 20) {
        clock.advance(minutes.apply(20));
        assertEquals("ada", send(client, jar, "GET", "/me").body(), "after " + elapsed + " minutes");
      }
      clock.advance(Duration.ofMinutes(40));
      assertEquals("anonymous", send(client, jar, "GET", "/me").body(), "past 8 hours");
    });
  }
}
