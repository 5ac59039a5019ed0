package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin page on the real gallery app: Basic auth, the blog's state, and maintenance on and
 * off, with the rest of the gallery serving throughout.
 */
class AdminTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PASSWORD = "correct horse battery staple";
  private static final String CHALLENGE = "Basic realm=\"Eddy gallery admin\", charset=\"UTF-8\"";

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> asAdmin(TestClient client, String path, String password) throws Exception {
    return client.send(client.request(path).header("Authorization", basic("admin", password)));
  }

  static HttpResponse<String> maintenance(TestClient client, String password, String json) throws Exception {
    return client.send(client.request("/admin/apps/blog/maintenance")
        .header("Authorization", basic("admin", password))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> r) {
    return JSON.readValue(r.body(), Map.class);
  }

  @Test
  void everyAdminPathNeedsTheAdminsCredentials() throws Exception {
    EddyTest.run(Gallery.create(GalleryConfig.withAdminPassword(PASSWORD)), (server, client) -> {
      for (String path : List.of("/admin/", "/admin", "/admin/apps", "/admin/apps/blog", "/admin/no-such-page")) {
        HttpResponse<String> anonymous = client.get(path);
        assertEquals(401, anonymous.statusCode(), path);
        assertEquals(CHALLENGE, anonymous.headers().firstValue("WWW-Authenticate").orElse(null), path);
      }
      HttpResponse<String> wrong = asAdmin(client, "/admin/", PASSWORD + "!");
      assertEquals(401, wrong.statusCode());
      assertEquals(CHALLENGE, wrong.headers().firstValue("WWW-Authenticate").orElse(null));
      assertEquals(401, client.send(client.request("/admin/").header("Authorization", basic("root", PASSWORD))).statusCode(),
          "the user is admin");
      assertEquals(400, client.send(client.request("/admin/").header("Authorization", "Basic !!!")).statusCode(), "malformed");
      HttpResponse<String> anonymousSwitch = client.send(client.request("/admin/apps/blog/maintenance")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"on\": true}")));
      assertEquals(401, anonymousSwitch.statusCode());
      assertEquals(200, client.get("/blog/").statusCode(), "nothing changed");

      HttpResponse<String> page = asAdmin(client, "/admin/", PASSWORD);
      assertEquals(200, page.statusCode(), page.body());
      assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
      assertEquals(404, asAdmin(client, "/admin/no-such-page", PASSWORD).statusCode());
    });
  }

  @Test
  void thePageShowsTheBlogsStateAndLoadsItsScriptAsAFile() throws Exception {
    EddyTest.run(Gallery.create(GalleryConfig.withAdminPassword(PASSWORD)), (server, client) -> {
      HttpResponse<String> r = asAdmin(client, "/admin/", PASSWORD);
      assertEquals(200, r.statusCode(), r.body());
      String html = r.body();
      assertTrue(html.contains("<strong id=\"user\">admin</strong>"), html);
      assertTrue(html.contains("<td id=\"state-blog\" class=\"state\">serving</td>"), html);
      assertTrue(html.contains("<td id=\"summary-blog\">3 posts</td>"), html);
      assertTrue(html.contains("data-maintenance=\"false\">Start maintenance</button>"), html);
      assertTrue(html.contains("<script type=\"module\" src=\"/static/admin.js\"></script>"), html);
      assertFalse(html.replace("<script type=\"module\" src=\"/static/admin.js\"></script>", "").contains("<script"),
          "no inline script: the CSP allows files only");
      assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
      HttpResponse<String> script = client.get("/static/admin.js");
      assertEquals(200, script.statusCode());
      assertTrue(script.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
      assertTrue(script.body().contains("'/maintenance', location.origin"), script.body());

      HttpResponse<String> apps = asAdmin(client, "/admin/apps", PASSWORD);
      assertEquals("[{\"name\":\"blog\",\"title\":\"Blog\",\"prefix\":\"/blog\",\"maintenance\":false,\"inFlight\":0,"
          + "\"summary\":\"3 posts\"}]", apps.body());
      assertEquals(404, asAdmin(client, "/admin/apps/chat", PASSWORD).statusCode());
    });
  }

  @Test
  void maintenanceTakesTheBlogDownWhileTheRestServesAndBringsItBack() throws Exception {
    EddyTest.run(Gallery.create(GalleryConfig.withAdminPassword(PASSWORD)), (server, client) -> {
      HttpResponse<String> on = maintenance(client, PASSWORD, "{\"on\": true}");
      assertEquals(200, on.statusCode(), on.body());
      assertEquals(true, json(on).get("maintenance"));
      assertEquals("/blog", json(on).get("prefix"));

      for (String path : List.of("/blog/", "/blog", "/blog/1", "/blog/2015/08/02")) {
        HttpResponse<String> page = client.send(client.request(path).header("Accept", "text/html"));
        assertEquals(503, page.statusCode(), path);
        assertEquals("60", page.headers().firstValue("Retry-After").orElse(null), path);
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(null), path);
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), path);
        assertTrue(page.body().contains("Blog is down for maintenance. The rest of the gallery is up."), page.body());
      }
      HttpResponse<String> api = client.send(client.request("/blog/1").header("Accept", "application/json"));
      assertEquals(503, api.statusCode());
      assertEquals(Map.of("status", 503, "error", "Blog is down for maintenance. The rest of the gallery is up.", "retryAfter", 60),
          json(api));
      HttpResponse<String> post = client.postJson("/blog/new_post", "{\"title\": \"t\", \"body\": \"b\"}");
      assertEquals(503, post.statusCode(), "nothing is published during maintenance");

      for (String path : List.of("/", "/hello", "/chat/", "/news/", "/growler", "/static/gallery.css")) {
        assertEquals(200, client.get(path).statusCode(), path + " keeps serving");
      }
      HttpResponse<String> admin = asAdmin(client, "/admin/", PASSWORD);
      assertEquals(200, admin.statusCode());
      assertTrue(admin.body().contains("<td id=\"state-blog\" class=\"state\">in maintenance</td>"), admin.body());
      assertTrue(admin.body().contains("data-maintenance=\"true\">End maintenance</button>"), admin.body());

      HttpResponse<String> again = maintenance(client, PASSWORD, "{\"on\": true}");
      assertEquals(200, again.statusCode(), "turning it on twice is harmless");
      HttpResponse<String> off = maintenance(client, PASSWORD, "{\"on\": false}");
      assertEquals(200, off.statusCode(), off.body());
      assertEquals(false, json(off).get("maintenance"));
      HttpResponse<String> back = client.get("/blog/1");
      assertEquals(200, back.statusCode());
      assertTrue(back.headers().firstValue("Retry-After").isEmpty());
      assertEquals(3, json(client.send(client.request("/blog/").header("Accept", "application/json"))).get("total"),
          "the posts were kept");
    });
  }

  @Test
  void theSwitchTakesExactlyOnTrueOrFalse() throws Exception {
    EddyTest.run(Gallery.create(GalleryConfig.withAdminPassword(PASSWORD)), (server, client) -> {
      for (String body : List.of("{}", "{\"on\": \"yes\"}", "{\"on\": 1}", "{\"on\": null}", "{\"on\": true, \"for\": 5}",
          "[true]", "true", "\"on\"", "{\"on\": tru", "")) {
        HttpResponse<String> r = maintenance(client, PASSWORD, body);
        assertEquals(400, r.statusCode(), body + " -> " + r.body());
        assertTrue(json(r).get("error") instanceof String, body + " -> " + r.body());
      }
      HttpResponse<String> missing = maintenance(client, PASSWORD, "{}");
      assertEquals(Map.of("on", "is required"), json(missing).get("fields"));
      HttpResponse<String> text = client.send(client.request("/admin/apps/blog/maintenance")
          .header("Authorization", basic("admin", PASSWORD)).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString("{\"on\": true}")));
      assertEquals(415, text.statusCode(), "JSON only: a cross-site form can't send it");
      HttpResponse<String> form = client.send(client.request("/admin/apps/blog/maintenance")
          .header("Authorization", basic("admin", PASSWORD)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("on=true")));
      assertEquals(415, form.statusCode());
      HttpResponse<String> unknown = client.send(client.request("/admin/apps/nope/maintenance")
          .header("Authorization", basic("admin", PASSWORD)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"on\": true}")));
      assertEquals(404, unknown.statusCode());
      assertEquals(200, client.get("/blog/").statusCode(), "no bad request changed anything");
    });
  }

  @Test
  void withoutAdminPasswordAStrongOneIsGeneratedAndAnnounced() throws Exception {
    GalleryConfig generated = GalleryConfig.from(name -> null);
    assertTrue(generated.adminPasswordGenerated());
    assertTrue(generated.adminPassword().matches("[A-Za-z0-9_-]{32}"), "192 random bits: " + generated.adminPassword());
    assertNotEquals(generated.adminPassword(), GalleryConfig.from(name -> null).adminPassword());
    assertNotEquals(generated.adminPassword(), GalleryConfig.from(name -> "").adminPassword(), "empty is unset");
    assertTrue(generated.adminNotice().contains("user admin, generated password " + generated.adminPassword()),
        generated.adminNotice());
    assertFalse(generated.toString().contains(generated.adminPassword()), "kept out of toString");

    EddyTest.run(Gallery.create(generated), (server, client) -> {
      assertEquals(200, asAdmin(client, "/admin/", generated.adminPassword()).statusCode());
      assertEquals(401, asAdmin(client, "/admin/", PASSWORD).statusCode());
    });
  }

  @Test
  void aConfiguredPasswordIsUsedAndNeverAnnouncedAndAWeakOneIsRefused() throws Exception {
    GalleryConfig configured = GalleryConfig.from(name -> name.equals("ADMIN_PASSWORD") ? PASSWORD : null);
    assertFalse(configured.adminPasswordGenerated());
    assertEquals(PASSWORD, configured.adminPassword());
    assertNull(configured.adminNotice());
    EddyTest.run(Gallery.create(configured), (server, client) ->
        assertEquals(200, asAdmin(client, "/admin/", PASSWORD).statusCode()));

    IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
        () -> GalleryConfig.from(name -> "secret"));
    assertEquals("Environment variable ADMIN_PASSWORD: the admin password must be 8 to 256 characters, got 6",
        weak.getMessage());
    IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
        () -> GalleryConfig.from(name -> "long enough\n"));
    assertTrue(control.getMessage().contains("control characters"), control.getMessage());
  }
}
