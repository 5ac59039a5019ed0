package dev.eddy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.cookie.CookieJar;
import dev.eddy.security.TlsPolicy;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionsTest {
  record Cart(String owner, List<String> items) {}

  private static App cartApp(Sessions sessions) {
    App app = new App();
    app.use(sessions);
    app.post("/cart/:item", ctx -> {
      Session s = Session.of(ctx);
      Cart cart = s.get("cart", Cart.class);
      List<String> items = new java.util.ArrayList<>(cart == null ? List.of() : cart.items());
      items.add(ctx.param("item"));
      s.set("cart", new Cart("ada", items));
      ctx.text(String.join(",", items));
    });
    app.get("/cart", ctx -> {
      Cart cart = Session.of(ctx).get("cart", Cart.class);
      ctx.text(cart == null ? "empty" : String.join(",", cart.items()));
    });
    app.delete("/cart", ctx -> {
      Session.of(ctx).remove("cart");
      ctx.status(204);
    });
    app.get("/plain", ctx -> ctx.text("no session used"));
    return app;
  }

  static HttpResponse<String> send(TestClient client, CookieJar jar, String method, String path) throws Exception {
    HttpRequest.Builder b = client.request(path).method(method, HttpRequest.BodyPublishers.noBody());
    return jar.take(client.send(jar.apply(b)));
  }

  @Test
  void typedValuesRoundTripThroughJsonAndEachVisitorHasItsOwn() throws Exception {
    EddyTest.run(cartApp(Sessions.inMemory()), (server, client) -> {
      CookieJar ada = new CookieJar();
      CookieJar bob = new CookieJar();
      assertEquals("apple", send(client, ada, "POST", "/cart/apple").body());
      assertEquals("apple,pear", send(client, ada, "POST", "/cart/pear").body());
      assertEquals("fig", send(client, bob, "POST", "/cart/fig").body());
      assertEquals("apple,pear", send(client, ada, "GET", "/cart").body());
      assertEquals(204, send(client, ada, "DELETE", "/cart").statusCode());
      assertEquals("empty", send(client, ada, "GET", "/cart").body());
      assertEquals("fig", send(client, bob, "GET", "/cart").body());
    });
  }

  @Test
  void theCookieIsHttpOnlyLaxForTheWholeSiteAndOnlySentWhenNeeded() throws Exception {
    EddyTest.run(cartApp(Sessions.inMemory()), (server, client) -> {
      CookieJar jar = new CookieJar();
      assertTrue(CookieJar.setCookies(send(client, jar, "GET", "/plain")).isEmpty(), "no session used, no cookie");
      assertTrue(CookieJar.setCookies(send(client, jar, "GET", "/cart")).isEmpty(), "reading nothing creates nothing");
      HttpResponse<String> first = send(client, jar, "POST", "/cart/apple");
      String cookie = CookieJar.setCookie(first, "eddy_session");
      assertNotNull(cookie);
      assertTrue(cookie.contains("HTTPOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), cookie);
      assertFalse(cookie.contains("Secure") || cookie.contains("Max-Age"), cookie);
      String id = jar.get("eddy_session");
      assertTrue(id.matches("[A-Za-z0-9_-]{43}"), "256 random bits, Base64url: " + id);
      assertTrue(CookieJar.setCookies(send(client, jar, "POST", "/cart/pear")).isEmpty(),
          "the id stays, so the cookie need not be sent again");
    });
  }

  @Test
  void underTlsTheCookieIsSecureWithTheHostPrefixAndForwardedProtoNeedsATrustedProxy() throws Exception {
    Sessions trusting = Sessions.builder().tls(TlsPolicy.forwardedProtoFromLoopback()).build();
    EddyTest.run(cartApp(trusting), (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/cart/apple").header("X-Forwarded-Proto", "https")
          .POST(HttpRequest.BodyPublishers.noBody()));
      String cookie = CookieJar.setCookie(r, "__Host-eddy_session");
      assertNotNull(cookie, CookieJar.setCookies(r).toString());
      assertTrue(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), cookie);
      String plain = CookieJar.setCookies(client.send(client.request("/cart/apple").POST(HttpRequest.BodyPublishers.noBody()))).get(0);
      assertTrue(plain.startsWith("eddy_session=") && !plain.contains("Secure"), plain);
    });
    Sessions distrusting = Sessions.builder().tls(TlsPolicy.forwardedProto(addr -> false)).build();
    EddyTest.run(cartApp(distrusting), (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/cart/apple").header("X-Forwarded-Proto", "https")
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertTrue(CookieJar.setCookies(r).get(0).startsWith("eddy_session="), "an untrusted peer's header is ignored");
    });
    Sessions withDomain = Sessions.builder().tls(TlsPolicy.always()).domain("example.test").build();
    EddyTest.run(cartApp(withDomain), (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/cart/apple").POST(HttpRequest.BodyPublishers.noBody()));
      String cookie = CookieJar.setCookies(r).get(0);
      assertTrue(cookie.startsWith("__Secure-eddy_session=") && cookie.contains("Domain=example.test"), cookie);
    });
  }

  @Test
  void aSessionIsSavedOnlyWhenItChanged() throws Exception {
    AtomicInteger saves = new AtomicInteger();
    InMemorySessionStore memory = new InMemorySessionStore();
    SessionStore counting = new SessionStore() {
      @Override
      public SessionData load(String id, java.time.Duration idle) {
        return memory.load(id, idle);
      }

      @Override
      public void save(String id, SessionData data, java.time.Duration ttl) {
        saves.incrementAndGet();
        memory.save(id, data, ttl);
      }

      @Override
      public void delete(String id) {
        memory.delete(id);
      }
    };
    App app = cartApp(Sessions.builder().store(counting).build());
    EddyTest.run(app, (server, client) -> {
      CookieJar jar = new CookieJar();
      send(client, jar, "POST", "/cart/apple");
      assertEquals(1, saves.get());
      send(client, jar, "GET", "/cart");
      send(client, jar, "GET", "/cart");
      assertEquals(1, saves.get(), "reads don't save");
      send(client, jar, "POST", "/cart/pear");
      assertEquals(2, saves.get());
    });
  }

  @Test
  void unknownOrMalformedIdsStartANewSessionAndClearTheStaleCookie() throws Exception {
    EddyTest.run(cartApp(Sessions.inMemory()), (server, client) -> {
      for (String bad : List.of("x".repeat(43), "short", "%00%01", "a".repeat(5000))) {
        HttpResponse<String> r = client.send(client.request("/cart").header("Cookie", "eddy_session=" + bad));
        assertEquals(200, r.statusCode(), bad);
        assertEquals("empty", r.body());
        String cleared = CookieJar.setCookie(r, "eddy_session");
        assertTrue(cleared != null && cleared.contains("Max-Age=0"), "the stale cookie is cleared: " + cleared);
      }
    });
  }

  @Test
  void sessionOfWithoutTheMiddlewareNamesTheFix() throws Exception {
    App app = new App();
    app.get("/", ctx -> {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Session.of(ctx));
      ctx.text(e.getMessage());
    });
    EddyTest.run(app, (server, client) -> assertTrue(client.get("/").body().contains("Sessions.inMemory()")));
  }

  @Test
  void aValueThatDoesNotFitTheTypeAskedForIsAClearError() throws Exception {
    App app = new App();
    app.use(Sessions.inMemory());
    app.get("/", ctx -> {
      Session s = Session.of(ctx);
      s.set("n", "not a number");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.get("n", Integer.class));
      assertNull(s.get("missing", Integer.class));
      ctx.text(e.getMessage());
    });
    EddyTest.run(app, (server, client) -> assertTrue(client.get("/").body().startsWith("Session value 'n' does not read as Integer")));
  }
}
