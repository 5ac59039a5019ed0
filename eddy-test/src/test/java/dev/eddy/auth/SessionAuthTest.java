package dev.eddy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.HttpException;
import dev.eddy.cookie.CookieJar;
import dev.eddy.session.Sessions;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SessionAuthTest {

  private static App app() {
    App app = new App();
    app.use(Sessions.inMemory());
    app.use("/account", Auth.session().loginPage("/login"));
    app.use("/admin", Auth.session());
    app.use("/admin", Auth.requireRole("admin"));
    app.post("/login", ctx -> {
      String user = ctx.query("user");
      if (user == null) {
        throw new HttpException(400, "user?");
      }
      Auth.login(ctx, user.equals("root") ? Principal.withRoles(user, "admin") : Principal.withRoles(user, "user"));
      ctx.text("welcome " + user);
    });
    app.post("/logout", ctx -> {
      Auth.logout(ctx);
      ctx.status(204);
    });
    app.get("/account", ctx -> ctx.text("account of " + Principal.of(ctx).name() + " " + Principal.of(ctx).roles()));
    app.get("/admin", ctx -> ctx.text("admin " + Principal.of(ctx).name()));
    return app;
  }

  private static HttpResponse<String> send(TestClient client, CookieJar jar, HttpRequest.Builder b) throws Exception {
    return jar.take(client.send(jar.apply(b)));
  }

  private static HttpResponse<String> post(TestClient client, CookieJar jar, String path) throws Exception {
    return send(client, jar, client.request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void unauthenticatedPagesRedirectToTheLoginPageAndApiCallsGet401() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> page = client.send(client.request("/account").header("Accept", "text/html"));
      assertEquals(303, page.statusCode());
      assertEquals("/login", page.headers().firstValue("Location").orElseThrow());
      HttpResponse<String> api = client.send(client.request("/account").header("Accept", "application/json"));
      assertEquals(401, api.statusCode(), "a script gets a status it can act on, not a login page");
      assertEquals(401, client.send(client.request("/account").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
      assertEquals(401, client.get("/admin").statusCode(), "no login page configured there");
    });
  }

  @Test
  void loginRegeneratesTheSessionAndLogoutEndsIt() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      CookieJar jar = new CookieJar();
      jar.put("eddy_session", "A".repeat(43)); // an id planted before login
      post(client, jar, "/login?user=ada");
      String loggedIn = jar.get("eddy_session");
      assertNotEquals("A".repeat(43), loggedIn);
      assertEquals("account of ada [user]", send(client, jar, client.request("/account")).body());
      assertEquals(204, post(client, jar, "/logout").statusCode());
      assertTrue(jar.get("eddy_session") == null, "logout cleared the cookie");
      CookieJar replay = new CookieJar();
      replay.put("eddy_session", loggedIn);
      assertEquals(401, send(client, replay, client.request("/account").header("Accept", "application/json")).statusCode(),
          "the logged-out session id is dead on the server");
    });
  }

  @Test
  void aLoggedInUserWithoutTheRoleGets403() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      CookieJar user = new CookieJar();
      post(client, user, "/login?user=ada");
      assertEquals(403, send(client, user, client.request("/admin")).statusCode());
      CookieJar root = new CookieJar();
      post(client, root, "/login?user=root");
      assertEquals("admin root", send(client, root, client.request("/admin")).body());
    });
  }
}
