package dev.eddy.auth;

import static dev.eddy.auth.BasicAuthTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
  private static final Map<String, Principal> TOKENS = Map.of(
      "tok-admin.1", Principal.withRoles("ops", "admin"),
      "tok-reader/2==", Principal.withRoles("bot", "reader"));

  private static App app() {
    App app = new App();
    app.use("/api", Auth.bearer("api", TOKENS::get));
    app.get("/api/data", ctx -> ctx.text("data for " + Principal.of(ctx).name()));
    app.delete("/api/data", Auth.requireRole("admin").around(ctx -> ctx.text("deleted by " + Principal.of(ctx).name())));
    return app;
  }

  @Test
  void withoutATokenTheChallengeHasNoErrorCode() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = get(client, "/api/data", null);
      assertEquals(401, r.statusCode());
      assertEquals("Bearer realm=\"api\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
    });
  }

  @Test
  void anInvalidTokenGets401InvalidToken() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = get(client, "/api/data", "Bearer tok-expired");
      assertEquals(401, r.statusCode());
      String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
      assertTrue(challenge.startsWith("Bearer realm=\"api\", error=\"invalid_token\""), challenge);
    });
  }

  @Test
  void aMalformedHeaderGets400InvalidRequest() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      for (String bad : new String[] {"Bearer", "Bearer a b", "Bearer ==abc", "Bearer tok\"en"}) {
        HttpResponse<String> r = get(client, "/api/data", bad);
        assertEquals(400, r.statusCode(), bad);
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_request\""));
      }
    });
  }

  @Test
  void aValidTokenPassesAndARoleCheckOnOneRouteGives403InsufficientScope() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      assertEquals("data for bot", get(client, "/api/data", "Bearer tok-reader/2==").body());
      assertEquals("deleted by ops", client.send(client.request("/api/data").header("Authorization", "Bearer tok-admin.1")
          .DELETE()).body());
      HttpResponse<String> r = client.send(client.request("/api/data").header("Authorization", "Bearer tok-reader/2==").DELETE());
      assertEquals(403, r.statusCode());
      assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
    });
  }

  @Test
  void optionalAuthenticatorsShareARouteAndTheChallengesListEveryScheme() throws Exception {
    App app = new App();
    app.use(Auth.bearer("api", TOKENS::get).optional());
    app.use(Auth.basic("site", (u, p) -> u.equals("ada") && Passwords.equal(p, "pw") ? Principal.withRoles("ada") : null).optional());
    app.use("/private", Auth.authenticated());
    app.get("/private", ctx -> ctx.text("hi " + Principal.of(ctx).name()));
    app.get("/open", ctx -> ctx.text(Principal.of(ctx) == null ? "anonymous" : Principal.of(ctx).name()));
    EddyTest.run(app, (server, client) -> {
      assertEquals("anonymous", get(client, "/open", null).body());
      assertEquals("hi bot", get(client, "/private", "Bearer tok-reader/2==").body());
      assertEquals("hi ada", get(client, "/private", BasicAuthTest.basic("ada", "pw")).body());
      HttpResponse<String> r = get(client, "/private", null);
      assertEquals(401, r.statusCode());
      assertEquals(2, r.headers().allValues("WWW-Authenticate").size(), r.headers().allValues("WWW-Authenticate").toString());
    });
  }
}
