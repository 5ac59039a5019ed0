package dev.eddy.session;

import static dev.eddy.session.SessionsTest.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.cookie.CookieJar;
import dev.eddy.cookie.SigningKeys;
import dev.eddy.test.EddyTest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedCookieSessionsTest {

  private static App app(SigningKeys keys) {
    App app = new App();
    app.use(Sessions.builder().signedCookies(keys).build());
    app.post("/set", ctx -> {
      Session.of(ctx).set("role", ctx.query("role"));
      ctx.text("ok");
    });
    app.get("/role", ctx -> ctx.text(String.valueOf(Session.of(ctx).get("role", String.class))));
    app.post("/big", ctx -> {
      Session s = Session.of(ctx);
      s.set("small", "kept");
      try {
        s.set("big", "x".repeat(Integer.parseInt(ctx.query("n"))));
        ctx.text("stored");
      } catch (IllegalArgumentException tooLarge) {
        ctx.status(413).text(tooLarge.getMessage());
      }
    });
    return app;
  }

  @Test
  void theSessionLivesInTheCookieAndATamperedCookieIsANewSession() throws Exception {
    SigningKeys keys = SigningKeys.generate();
    EddyTest.run(app(keys), (server, client) -> {
      CookieJar jar = new CookieJar();
      send(client, jar, "POST", "/set?role=user");
      assertEquals("user", send(client, jar, "GET", "/role").body());
      String signed = jar.get("eddy_session");
      String payload = signed.substring(0, signed.lastIndexOf('.'));
      String forged = new String(Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.ISO_8859_1)
          .replace("user", "root");
      CookieJar attacker = new CookieJar();
      attacker.put("eddy_session", Base64.getUrlEncoder().withoutPadding()
          .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) + signed.substring(signed.lastIndexOf('.')));
      assertEquals("null", send(client, attacker, "GET", "/role").body(), "an edited payload fails the signature");
      CookieJar otherKey = new CookieJar();
      otherKey.put("eddy_session", SigningKeys.generate().sign("eddy_session", payload));
      assertEquals("null", send(client, otherKey, "GET", "/role").body());
    });
  }

  @Test
  void aSessionTooLargeForACookieIsRefusedWhenSetAndTheRestIsKept() throws Exception {
    EddyTest.run(app(SigningKeys.generate()), (server, client) -> {
      CookieJar jar = new CookieJar();
      var refused = send(client, jar, "POST", "/big?n=5000");
      assertEquals(413, refused.statusCode());
      assertTrue(refused.body().contains("over the 4096-byte limit"), refused.body());
      assertTrue(jar.get("eddy_session").length() < 4096, "the session was saved without the big value");
      assertEquals("stored", send(client, jar, "POST", "/big?n=1000").body());
    });
  }
}
