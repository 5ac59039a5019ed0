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
        assertTrue(client.get(demo.href()).statusCode() < 400, demo.href() + " should answer");
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
      String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      HttpResponse<String> set = client.send(client.request("/growler/username").header("Cookie", cookie)
          .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString("Ada")));
      assertEquals(200, set.statusCode());
      assertEquals("Hello Ada", client.send(client.request("/growler").header("Cookie", cookie)).body());
      assertEquals("Hello @127.0.0.1", client.get("/growler").body(), "another visitor keeps the default");
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
