package dev.eddy.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.files.Raw;
import dev.eddy.files.Static;
import dev.eddy.test.EddyTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files under the compression middleware: compressed on the fly unless a sibling or a range says otherwise. */
class StaticCompressionTest {
  static final String CSS = ".rule { color: #123456; margin: 0 auto; }\n".repeat(10_000); // 430 KB
  static final String SMALL_CSS = ".a { color: red }\n".repeat(200); // 3.6 KB

  static App app(Path dir) throws Exception {
    Files.writeString(dir.resolve("big.css"), CSS);
    Files.writeString(dir.resolve("small.css"), SMALL_CSS);
    Files.writeString(dir.resolve("pre.css"), SMALL_CSS);
    Files.writeString(dir.resolve("pre.css.gz"), "a real site would put gzip bytes here");
    App app = new App();
    app.use(Compression.defaults());
    app.get("/static/*", Static.dir(dir).precompressed(false)); // Vary must come from compression alone
    app.get("/pre/*", Static.dir(dir));
    return app;
  }

  @Test
  void aLargeFileIsStreamedThroughTheCompressor(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir), (server, client) -> {
      Raw.Response r = Raw.get(server.port(), "/static/big.css", "Accept-Encoding: gzip");
      assertEquals("gzip", r.header("Content-Encoding"));
      assertEquals("chunked", r.header("Transfer-Encoding"));
      assertTrue(r.header("ETag").startsWith("W/\""), r.header("ETag"));
      assertEquals("Accept-Encoding", r.header("Vary"));
      assertEquals(CSS, new String(Decode.decode("gzip", r.body()), StandardCharsets.UTF_8));
      Raw.Response plain = Raw.get(server.port(), "/static/big.css");
      assertNull(plain.header("Content-Encoding"));
      assertEquals("Accept-Encoding", plain.header("Vary"));
      assertEquals(Integer.toString(CSS.length()), plain.header("Content-Length"), "zero-copy when not compressing");
      Raw.Response head = Raw.send(server.port(), "HEAD", "/static/big.css", "Accept-Encoding: gzip");
      assertEquals("gzip", head.header("Content-Encoding"));
    });
  }

  @Test
  void aSmallFileIsCompressedWholeWithALength(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir), (server, client) -> {
      Raw.Response r = Raw.get(server.port(), "/static/small.css", "Accept-Encoding: br");
      assertEquals("br", r.header("Content-Encoding"));
      assertEquals(Integer.toString(r.body().length), r.header("Content-Length"));
      assertEquals(SMALL_CSS, new String(Decode.decode("br", r.body()), StandardCharsets.UTF_8));
    });
  }

  @Test
  void revalidatingTheCompressedVariantKeepsItsWeakTag(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir), (server, client) -> {
      String weak = Raw.get(server.port(), "/static/small.css", "Accept-Encoding: gzip").header("ETag");
      assertTrue(weak.startsWith("W/"), weak);
      Raw.Response again = Raw.get(server.port(), "/static/small.css", "Accept-Encoding: gzip", "If-None-Match: " + weak);
      assertEquals(304, again.status());
      assertEquals(weak, again.header("ETag"));
      Raw.Response strong = Raw.get(server.port(), "/static/small.css", "If-None-Match: " + weak.substring(2));
      assertEquals(304, strong.status());
      assertEquals(weak.substring(2), strong.header("ETag"));
    });
  }

  @Test
  void rangesAndPrecompressedSiblingsAreNotCompressedAgain(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir), (server, client) -> {
      Raw.Response range = Raw.get(server.port(), "/static/big.css", "Accept-Encoding: gzip", "Range: bytes=0-5");
      assertEquals(206, range.status());
      assertNull(range.header("Content-Encoding"));
      assertEquals(".rule ", range.text());
      assertTrue(range.header("ETag").startsWith("\""), "a range of the identity file keeps its strong tag");
      Raw.Response pre = Raw.get(server.port(), "/pre/pre.css", "Accept-Encoding: gzip, br");
      assertEquals("gzip", pre.header("Content-Encoding"));
      assertEquals("a real site would put gzip bytes here", pre.text());
      assertTrue(pre.header("ETag").startsWith("\""), "a sibling file has its own strong tag");
    });
  }
}
