package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conditional requests on static files, in the precedence of RFC 9110 section 13.2.2. */
class ConditionalRequestTest {
  private static final String MODIFIED = "Sun, 06 Nov 2022 08:49:37 GMT";
  private static final String BEFORE = "Sat, 05 Nov 2022 08:49:37 GMT";
  private static final String AFTER = "Mon, 07 Nov 2022 08:49:37 GMT";

  private static App app(Path dir) throws Exception {
    Tree tree = new Tree(dir);
    Files.setLastModifiedTime(tree.root.resolve("hello.txt"), FileTime.from(Instant.parse("2022-11-06T08:49:37.654Z")));
    App app = new App();
    app.get("/static/*", Static.dir(tree.root).cacheControl("max-age=60"));
    return app;
  }

  @Test
  void ifNoneMatchWithTheCurrentTagIs304WithValidatorsAndNoBody(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir), (server, client) -> {
      Raw.Response first = Raw.get(server.port(), "/static/hello.txt");
      String etag = first.header("ETag");
      assertEquals(MODIFIED, first.header("Last-Modified"));
      Raw.Response again = Raw.get(server.port(), "/static/hello.txt", "If-None-Match: " + etag);
      assertEquals(304, again.status());
      assertEquals(etag, again.header("ETag"));
      assertEquals("max-age=60", again.header("Cache-Control"));
      assertEquals(null, again.header("Content-Length"));
      assertTrue(again.raw().endsWith("\r\n\r\n"), again.raw());
      assertEquals(304, Raw.get(server.port(), "/static/hello.txt", "If-None-Match: \"x\", W/" + etag).status(),
          "If-None-Match compares weakly");
      assertEquals(304, Raw.get(server.port(), "/static/hello.txt", "If-None-Match: *").status());
      assertEquals(200, Raw.get(server.port(), "/static/hello.txt", "If-None-Match: \"other\"").status());
    });
  }

  @Test
  void ifModifiedSinceComparesWholeSeconds(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir), (server, client) -> {
      assertEquals(304, Raw.get(server.port(), "/static/hello.txt", "If-Modified-Since: " + MODIFIED).status());
      assertEquals(304, Raw.get(server.port(), "/static/hello.txt", "If-Modified-Since: " + AFTER).status());
      assertEquals(200, Raw.get(server.port(), "/static/hello.txt", "If-Modified-Since: " + BEFORE).status());
      // The obsolete date formats are accepted too (RFC 9110 5.6.7).
      assertEquals(304, Raw.get(server.port(), "/static/hello.txt",
          "If-Modified-Since: Sunday, 06-Nov-22 08:49:37 GMT").status());
      assertEquals(304, Raw.get(server.port(), "/static/hello.txt",
          "If-Modified-Since: Sun Nov  6 08:49:37 2022").status());
      assertEquals(200, Raw.get(server.port(), "/static/hello.txt", "If-Modified-Since: yesterday").status(),
          "an invalid date is ignored");
    });
  }

  @Test
  void ifNoneMatchWinsOverIfModifiedSince(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir), (server, client) -> {
      assertEquals(200, Raw.get(server.port(), "/static/hello.txt",
          "If-None-Match: \"stale\"", "If-Modified-Since: " + AFTER).status());
    });
  }

  @Test
  void ifMatchAndIfUnmodifiedSinceFailWith412(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir), (server, client) -> {
      String etag = Raw.get(server.port(), "/static/hello.txt").header("ETag");
      assertEquals(200, Raw.get(server.port(), "/static/hello.txt", "If-Match: " + etag).status());
      assertEquals(200, Raw.get(server.port(), "/static/hello.txt", "If-Match: *").status());
      assertEquals(412, Raw.get(server.port(), "/static/hello.txt", "If-Match: \"other\"").status());
      assertEquals(412, Raw.get(server.port(), "/static/hello.txt", "If-Match: W/" + etag).status(),
          "If-Match compares strongly");
      assertEquals(412, Raw.get(server.port(), "/static/hello.txt", "If-Unmodified-Since: " + BEFORE).status());
      assertEquals(200, Raw.get(server.port(), "/static/hello.txt", "If-Unmodified-Since: " + MODIFIED).status());
      // If-Match present: If-Unmodified-Since is not looked at.
      assertEquals(200, Raw.get(server.port(), "/static/hello.txt",
          "If-Match: " + etag, "If-Unmodified-Since: " + BEFORE).status());
    });
  }

  @Test
  void aChangedFileGetsANewTag(@TempDir Path dir) throws Exception {
    App app = app(dir);
    Path file = dir.resolve("root/hello.txt");
    EddyTest.run(app, (server, client) -> {
      String before = Raw.get(server.port(), "/static/hello.txt").header("ETag");
      Files.writeString(file, "hello, changed world");
      Raw.Response after = Raw.get(server.port(), "/static/hello.txt", "If-None-Match: " + before);
      assertEquals(200, after.status());
      assertEquals("hello, changed world", after.text());
    });
  }
}
