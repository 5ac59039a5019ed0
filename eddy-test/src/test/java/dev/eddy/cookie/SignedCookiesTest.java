package dev.eddy.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedCookiesTest {
  private static final byte[] OLD = "0123456789abcdef0123456789abcdef".getBytes();
  private static final byte[] NEW = "fedcba9876543210fedcba9876543210".getBytes();

  private static App app(SigningKeys keys) {
    App app = new App();
    app.get("/set", ctx -> {
      Cookies.of(ctx).setSigned(Cookie.of("user", ctx.query("v")).path("/"), keys);
      ctx.text("set");
    });
    app.get("/get", ctx -> ctx.text(String.valueOf(Cookies.of(ctx).signed("user", keys))));
    return app;
  }

  private static String cookieValue(HttpResponse<?> r, String name) {
    String h = CookieJar.setCookie(r, name);
    return h.substring(name.length() + 1, h.indexOf(';'));
  }

  @Test
  void aSignedCookieReadsBackAndEveryTamperingReadsAsAbsent() throws Exception {
    SigningKeys keys = SigningKeys.of(NEW);
    EddyTest.run(app(keys), (server, client) -> {
      String signed = cookieValue(client.get("/set?v=ada"), "user");
      String sig = signed.substring(signed.lastIndexOf('.') + 1);
      assertEquals("ada", get(client, "user=" + signed));
      assertEquals("null", get(client, "user=bob." + sig), "another value under the same signature");
      assertEquals("null", get(client, "user=ada"), "unsigned");
      assertEquals("null", get(client, "user=ada." + flip(sig, 0)), "a changed signature");
      assertEquals("null", get(client, "user=ada." + flip(sig, sig.length() - 1)), "a changed last character");
      assertEquals("null", get(client, "user=" + signed + "x"), "a longer value");
      assertEquals("null", get(client, "user=" + keys.sign("admin", "ada")), "signed for another cookie");
      assertEquals("null", get(client, "user=" + SigningKeys.of(OLD).sign("user", "ada")), "signed with an unknown key");
      assertEquals("null", get(client, "user=." + sig), "an empty value");
    });
  }

  @Test
  void rotatedKeysVerifyOldCookiesAndSignNewOnesWithTheNewestKey() throws Exception {
    String oldCookie = SigningKeys.of(OLD).sign("user", "ada");
    EddyTest.run(app(SigningKeys.of(NEW, OLD)), (server, client) -> {
      assertEquals("ada", get(client, "user=" + oldCookie), "still valid during the rotation");
      String fresh = cookieValue(client.get("/set?v=ada"), "user");
      assertNotEquals(oldCookie, fresh);
      assertEquals("ada", SigningKeys.of(NEW).verify("user", fresh), "signed with the newest key");
      assertNull(SigningKeys.of(OLD).verify("user", fresh));
    });
    EddyTest.run(app(SigningKeys.of(NEW)), (server, client) ->
        assertEquals("null", get(client, "user=" + oldCookie), "the retired key no longer verifies"));
  }

  @Test
  void keysMustBeLongEnoughAndBase64() {
    assertThrows(IllegalArgumentException.class, () -> SigningKeys.of(new byte[16]));
    assertThrows(IllegalArgumentException.class, () -> SigningKeys.fromBase64("not base64!"));
    String b64 = Base64.getEncoder().encodeToString(NEW);
    assertEquals("x", SigningKeys.fromBase64(b64).verify("n", SigningKeys.of(NEW).sign("n", "x")));
    assertEquals(2, SigningKeys.fromBase64(b64, Base64.getUrlEncoder().encodeToString(OLD)).size());
  }

  private static String get(dev.eddy.test.TestClient client, String cookie) throws Exception {
    HttpResponse<String> r = client.send(client.request("/get").header("Cookie", cookie));
    assertEquals(200, r.statusCode(), "a bad signature is never an error");
    return r.body();
  }

  private static String flip(String s, int i) {
    char c = s.charAt(i);
    char other = c == 'A' ? 'B' : 'A';
    return s.substring(0, i) + other + s.substring(i + 1);
  }
}
