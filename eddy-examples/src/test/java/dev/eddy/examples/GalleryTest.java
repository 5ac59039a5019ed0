package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class GalleryTest {

  @Test
  void theIndexLinksEveryDemo() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      HttpResponse<String> r = client.get("/");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      for (IndexPage.Demo demo : IndexPage.DEMOS) {
        assertTrue(r.body().contains("href=\"" + demo.href() + "\""), demo.href());
        int status = client.get(demo.href()).statusCode();
        assertTrue(demo.href().equals("/admin/") ? status == 401 : status < 400, demo.href() + " should answer, got " + status);
      }
    });
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      for (String path : new String[] {"/", "/hello/Ada", "/growler", "/missing"}) {
        HttpResponse<String> r = client.get(path);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"), path);
        assertTrue(r.headers().firstValue("Server").isEmpty(), path);
      }
    });
  }

  @Test
  void helloGreetsAnonymousOrTheName() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      assertEquals("Hello, Anonymous", client.get("/hello").body());
      assertEquals("Hello, Ada", client.get("/hello/Ada").body());
      assertEquals("Hello, Ada Lovelace", client.get("/hello/Ada%20Lovelace").body());
    });
  }

  @Test
  void growlerGreetsTheIpUntilAUsernameIsSet() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      HttpResponse<String> first = client.get("/growler");
      assertEquals("Hello @127.0.0.1", first.body());
      String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(setCookie.startsWith("eddy_session=") && setCookie.contains("HTTPOnly") && setCookie.contains("SameSite=Lax"),
          "the name lives in a session: " + setCookie);
      String cookie = setCookie.split(";")[0];
      HttpResponse<String> set = client.send(client.request("/growler/username").header("Cookie", cookie)
          .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString("Ada")));
      assertEquals(200, set.statusCode());
      assertEquals("Hello Ada", client.send(client.request("/growler").header("Cookie", cookie)).body());
      assertEquals("Hello @127.0.0.1", client.get("/growler").body(), "another visitor keeps the default");
      HttpResponse<String> again = client.send(client.request("/growler").header("Cookie", cookie));
      assertTrue(again.headers().allValues("Set-Cookie").isEmpty(), "an unchanged session is not sent again");
      assertEquals("Hello @127.0.0.1", client.send(client.request("/growler").header("Cookie", "eddy_session=" + "A".repeat(43))).body(),
          "an unknown session id is a new visitor");
      HttpResponse<String> empty = client.send(client.request("/growler/username").header("Cookie", cookie)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("  ")));
      assertEquals(400, empty.statusCode());
    });
  }

  @Test
  void theGalleryServesItsOwnStylesheetAndCompresses() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      assertTrue(client.get("/").body().contains("<link rel=\"stylesheet\" href=\"/static/gallery.css\">"));
      HttpResponse<String> css = client.get("/static/gallery.css");
      assertEquals(200, css.statusCode());
      assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(css.body().contains("font-family"));
      assertEquals("nosniff", css.headers().firstValue("X-Content-Type-Options").orElseThrow());
      HttpResponse<byte[]> gzipped = client.http().send(client.request("/static/gallery.css")
          .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals("Accept-Encoding", gzipped.headers().firstValue("Vary").orElseThrow(), "compression is on");
    });
  }
}
