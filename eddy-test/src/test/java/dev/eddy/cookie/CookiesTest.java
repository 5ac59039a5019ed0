package dev.eddy.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookiesTest {

  @Test
  void requestCookiesAreParsedOnceWithDuplicatesInOrder() throws Exception {
    App app = new App();
    app.get("/", ctx -> ctx.json(Map.of(
        "a", Cookies.of(ctx).all("a"),
        "b", String.valueOf(Cookies.of(ctx).get("b")),
        "names", List.copyOf(Cookies.of(ctx).names()),
        "same", Cookies.of(ctx) == Cookies.of(ctx))));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/").header("Cookie", "a=1; b=two; a=3"));
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("\"a\":[\"1\",\"3\"]"), r.body());
      assertTrue(r.body().contains("\"b\":\"two\""), r.body());
      assertTrue(r.body().contains("\"names\":[\"a\",\"b\"]"), r.body());
      assertTrue(r.body().contains("\"same\":true"), r.body());
      HttpResponse<String> none = client.get("/");
      assertTrue(none.body().contains("\"a\":[]") && none.body().contains("\"b\":\"null\""), none.body());
    });
  }

  @Test
  void strictParsingDropsValuesOutsideRfc6265AndLaxKeepsThem() throws Exception {
    App app = new App();
    app.get("/", ctx -> ctx.text(Cookies.of(ctx).get("bad") + "|" + Cookies.of(ctx).get("good") + "|"
        + Cookies.lax(ctx).get("bad")));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/").header("Cookie", "bad=a\\b; good=ok"));
      assertEquals("null|ok|a\\b", r.body());
      HttpResponse<String> garbage = client.send(client.request("/").header("Cookie", ";;==;=\"\";  ;"));
      assertEquals(200, garbage.statusCode(), "a malformed header is not an error");
    });
  }

  @Test
  void aPairNettyRefusesIsSkippedAndTheOthersKept() {
    // The server's head check refuses control characters, so this input (found by CookieFuzzTest)
    // only reaches parse() directly; Netty's decoder throws on the blank name.
    assertEquals(Map.of("good", List.of("1"), "b", List.of("2")),
        Cookies.parse(List.of("\u000e=; good=1; b=2"), ServerCookieDecoder.STRICT));
    assertEquals(Map.of("good", List.of("1")), Cookies.parse(List.of("good=1;\u001f=x"), ServerCookieDecoder.LAX));
  }

  @Test
  void setCookieCarriesEveryAttribute() throws Exception {
    Instant expires = Instant.parse("2031-05-06T07:08:09Z");
    App app = new App();
    app.get("/", ctx -> {
      Cookies.of(ctx)
          .set(Cookie.of("all", "v1").domain("example.test").path("/app").maxAge(Duration.ofHours(1))
              .secure(true).httpOnly(true).sameSite(SameSite.NONE).partitioned(true))
          .set(Cookie.of("strict", "v2").path("/").expires(expires).sameSite(SameSite.STRICT))
          .set(Cookie.of("lax", "v3").sameSite(SameSite.LAX))
          .delete("old", "/", null);
      ctx.text("ok");
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/");
      String all = CookieJar.setCookie(r, "all");
      for (String attr : List.of("all=v1", "Domain=example.test", "Path=/app", "Max-Age=3600", "Expires=",
          "Secure", "HTTPOnly", "SameSite=None", "Partitioned")) {
        assertTrue(all.contains(attr), attr + " in " + all);
      }
      String strict = CookieJar.setCookie(r, "strict");
      assertTrue(strict.contains("Expires=Tue, 06 May 2031 07:08:09 GMT"), strict);
      assertTrue(strict.contains("SameSite=Strict") && !strict.contains("Max-Age"), strict);
      assertTrue(CookieJar.setCookie(r, "lax").contains("SameSite=Lax"));
      String old = CookieJar.setCookie(r, "old");
      assertTrue(old.startsWith("old=;") && old.contains("Max-Age=0") && old.contains("Path=/"), old);
    });
  }

  @Test
  void cookiesBrowsersWouldDropAreRefusedWithTheReason() {
    assertThrows(IllegalArgumentException.class, () -> Cookie.of("a b", "x"));
    assertThrows(IllegalArgumentException.class, () -> Cookie.of("", "x"));
    assertThrows(IllegalArgumentException.class, () -> Cookie.of("a", "x;y"));
    assertThrows(IllegalArgumentException.class, () -> Cookie.of("a", "with space"));
    assertThrows(IllegalArgumentException.class, () -> Cookie.of("a", "x").path("/a;b"));
    assertThrows(IllegalArgumentException.class, () -> Cookie.of("a", "x").maxAge(Duration.ofSeconds(-1)));
    assertThrows(IllegalStateException.class, () -> Cookie.of("a", "x").maxAge(Duration.ofDays(1)).expires(Instant.now()));
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> Cookie.of("a", "x").sameSite(SameSite.NONE).toHeader());
    assertTrue(none.getMessage().contains("SameSite=None without Secure"), none.getMessage());
    assertThrows(IllegalStateException.class, () -> Cookie.of("a", "x").partitioned(true).toHeader());
    IllegalStateException host = assertThrows(IllegalStateException.class,
        () -> Cookie.of("__Host-id", "x").secure(true).toHeader());
    assertTrue(host.getMessage().contains("Path=/"), host.getMessage());
    assertThrows(IllegalStateException.class, () -> Cookie.of("__Secure-id", "x").toHeader());
    assertTrue(Cookie.of("__Host-id", "x").secure(true).path("/").toHeader().startsWith("__Host-id=x"));
  }
}
