package dev.eddy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
  private static final Map<String, String> PASSWORDS = Map.of("ada", "s3cret", "zoë", "pässwörd");

  private static Principal check(String user, String password) {
    String expected = PASSWORDS.get(user);
    if (!Passwords.equal(password, expected)) {
      return null;
    }
    return user.equals("ada") ? Principal.withRoles(user, "admin") : Principal.withRoles(user);
  }

  private static App app() {
    App app = new App();
    app.use("/admin", Auth.basic("Admin area", BasicAuthTest::check));
    app.use("/admin/root", Auth.requireRole("admin"));
    app.get("/admin", ctx -> ctx.text("hello " + Principal.of(ctx).name()));
    app.get("/admin/root", ctx -> ctx.text("root for " + Principal.of(ctx).name()));
    app.get("/public", ctx -> ctx.text("open"));
    return app;
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> get(TestClient client, String path, String authorization) throws Exception {
    var b = client.request(path);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b);
  }

  @Test
  void withoutCredentialsTheAnswerIs401WithABasicChallenge() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = get(client, "/admin", null);
      assertEquals(401, r.statusCode());
      assertEquals("Basic realm=\"Admin area\", charset=\"UTF-8\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
      assertEquals(200, get(client, "/public", null).statusCode(), "routes outside the prefix stay open");
    });
  }

  @Test
  void rightCredentialsPassAndWrongOnesGet401() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      assertEquals("hello ada", get(client, "/admin", basic("ada", "s3cret")).body());
      assertEquals("hello zoë", get(client, "/admin", basic("zoë", "pässwörd")).body(), "UTF-8 credentials");
      for (String wrong : new String[] {basic("ada", "S3cret"), basic("eve", "s3cret"), basic("ada", "")}) {
        HttpResponse<String> r = get(client, "/admin", wrong);
        assertEquals(401, r.statusCode(), wrong);
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic realm="));
      }
      assertEquals("hello ada", get(client, "/admin", "basic " + basic("ada", "s3cret").substring(6)).body(),
          "the scheme is case-insensitive");
    });
  }

  @Test
  void malformedCredentialsGet400() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      assertEquals(400, get(client, "/admin", "Basic !!!notbase64").statusCode());
      assertEquals(400, get(client, "/admin", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())).statusCode());
      assertEquals(400, get(client, "/admin", "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff})).statusCode());
      assertEquals(401, get(client, "/admin", "Bearer abc").statusCode(), "another scheme is no credentials");
    });
  }

  @Test
  void anAuthenticatedUserWithoutTheRoleGets403NotA401() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      assertEquals("root for ada", get(client, "/admin/root", basic("ada", "s3cret")).body());
      HttpResponse<String> r = get(client, "/admin/root", basic("zoë", "pässwörd"));
      assertEquals(403, r.statusCode());
      assertTrue(r.body().contains("needs role admin"), r.body());
      assertFalse(r.headers().firstValue("WWW-Authenticate").isPresent(), "a 403 does not ask for other credentials");
      assertEquals(401, get(client, "/admin/root", null).statusCode());
    });
  }

  @Test
  void passwordsCompareWithoutShortcuts() {
    assertTrue(Passwords.equal("s3cret", "s3cret"));
    assertFalse(Passwords.equal("s3cret", "s3cre"));
    assertFalse(Passwords.equal("s3cret", null));
    assertFalse(Passwords.equal(null, null));
  }
}
