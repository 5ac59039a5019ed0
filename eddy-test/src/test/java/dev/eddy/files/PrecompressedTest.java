package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precompressed siblings ({@code .br}, {@code .zst}, {@code .gz}) go to clients that accept them. */
class PrecompressedTest {
  static final String JS = "console.log('hello');\n".repeat(100);

  static Tree tree(Path dir) throws Exception {
    Tree tree = new Tree(dir);
    Tree.write(tree.root.resolve("app.js"), JS);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(JS.getBytes(StandardCharsets.UTF_8));
    }
    Files.write(tree.root.resolve("app.js.gz"), gz.toByteArray());
    Tree.write(tree.root.resolve("app.js.br"), "pretend brotli bytes");
    Tree.write(tree.root.resolve("orphan.js.gz"), "no original next to me");
    return tree;
  }

  @Test
  void theBestAcceptedSiblingIsServedWithTheOriginalsType(@TempDir Path dir) throws Exception {
    Tree tree = tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      Raw.Response br = Raw.get(server.port(), "/static/app.js", "Accept-Encoding: gzip, br");
      assertEquals("br", br.header("Content-Encoding"));
      assertEquals("pretend brotli bytes", br.text());
      assertEquals("text/javascript; charset=utf-8", br.header("Content-Type"));
      assertEquals("Accept-Encoding", br.header("Vary"));
      Raw.Response gz = Raw.get(server.port(), "/static/app.js", "Accept-Encoding: br;q=0.5, gzip");
      assertEquals("gzip", gz.header("Content-Encoding"));
      assertEquals(JS, new String(new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes(),
          StandardCharsets.UTF_8));
      assertEquals(Long.toString(Files.size(tree.root.resolve("app.js.gz"))), gz.header("Content-Length"));
      Raw.Response plain = Raw.get(server.port(), "/static/app.js");
      assertNull(plain.header("Content-Encoding"));
      assertEquals("Accept-Encoding", plain.header("Vary"));
      assertEquals(JS, plain.text());
      assertNotEquals(plain.header("ETag"), gz.header("ETag"), "each variant has its own tag");
      assertNotEquals(br.header("ETag"), gz.header("ETag"));
      assertEquals(404, Raw.get(server.port(), "/static/orphan.js", "Accept-Encoding: gzip").status());
    });
  }

  @Test
  void variantsAnswerConditionalAndRangeRequestsOnTheirOwnBytes(@TempDir Path dir) throws Exception {
    Tree tree = tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      String etag = Raw.get(server.port(), "/static/app.js", "Accept-Encoding: br").header("ETag");
      Raw.Response notModified = Raw.get(server.port(), "/static/app.js", "Accept-Encoding: br", "If-None-Match: " + etag);
      assertEquals(304, notModified.status());
      assertNull(notModified.header("Content-Encoding"));
      assertEquals(200, Raw.get(server.port(), "/static/app.js", "If-None-Match: " + etag).status(),
          "the identity file has another tag");
      Raw.Response range = Raw.get(server.port(), "/static/app.js", "Accept-Encoding: br", "Range: bytes=0-7");
      assertEquals(206, range.status());
      assertEquals("br", range.header("Content-Encoding"));
      assertEquals("pretend ", range.text());
    });
  }

  @Test
  void siblingsAreIgnoredWhenSwitchedOff(@TempDir Path dir) throws Exception {
    Tree tree = tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root).precompressed(false));
    EddyTest.run(app, (server, client) -> {
      Raw.Response r = Raw.get(server.port(), "/static/app.js", "Accept-Encoding: br, gzip");
      assertNull(r.header("Content-Encoding"));
      assertNull(r.header("Vary"));
      assertEquals(JS, r.text());
    });
  }
}
