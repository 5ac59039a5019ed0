package dev.eddy.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.files.Raw;
import dev.eddy.test.EddyTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompressionTest {
  static final String TEXT = "All work and no play makes Jack a dull boy. ".repeat(200); // 8800 bytes

  static App app(Compression compression) {
    App app = new App();
    app.use(compression);
    app.get("/text", ctx -> ctx.text(TEXT));
    app.get("/small", ctx -> ctx.text("tiny"));
    app.get("/medium", ctx -> ctx.text("ab".repeat(300)));
    app.get("/png", ctx -> ctx.bytes(TEXT.getBytes(StandardCharsets.UTF_8), "image/png"));
    app.get("/encoded", ctx -> ctx.header("Content-Encoding", "gzip").bytes(new byte[2000], "text/plain"));
    app.get("/no-transform", ctx -> ctx.header("Cache-Control", "no-transform").text(TEXT));
    app.get("/tagged", ctx -> ctx.header("ETag", "\"v1\"").text(TEXT));
    app.get("/empty", ctx -> ctx.status(204));
    return app;
  }

  @Test
  void theBestAcceptedCodingIsUsedAndDecodesToTheBody() throws Exception {
    EddyTest.run(app(Compression.defaults()), (server, client) -> {
      for (String coding : new String[] {"gzip", "deflate", "br", "zstd"}) {
        Raw.Response r = Raw.get(server.port(), "/text", "Accept-Encoding: " + coding);
        assertEquals(coding, r.header("Content-Encoding"), coding);
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertTrue(r.body().length < TEXT.length() / 10, coding + " should shrink repetitive text");
        assertEquals(Integer.toString(r.body().length), r.header("Content-Length"));
        assertEquals(TEXT, new String(Decode.decode(coding, r.body()), StandardCharsets.UTF_8));
      }
      assertEquals("br", Raw.get(server.port(), "/text", "Accept-Encoding: gzip, deflate, br, zstd").header("Content-Encoding"));
    });
  }

  @Test
  void qualitiesDecideAndZeroRefuses() throws Exception {
    EddyTest.run(app(Compression.defaults()), (server, client) -> {
      assertEquals("deflate", encoding(server.port(), "gzip;q=0.5, deflate;q=0.8"));
      assertEquals("gzip", encoding(server.port(), "br;q=0, zstd;q=0, gzip, deflate"));
      assertEquals("gzip", encoding(server.port(), "x-gzip"));
      assertEquals("zstd", encoding(server.port(), "*;q=0.5, br;q=0"));
      assertEquals("gzip", encoding(server.port(), "gzip;q=1.000, br;q=0.999"));
      assertNull(encoding(server.port(), "gzip;q=0"));
      assertNull(encoding(server.port(), "identity"));
      assertNull(encoding(server.port(), "gzip;q=banana"));
      assertNull(encoding(server.port(), ""));
      Raw.Response none = Raw.get(server.port(), "/text");
      assertNull(none.header("Content-Encoding"), "no Accept-Encoding, no compression");
      assertEquals("Accept-Encoding", none.header("Vary"));
      assertEquals(TEXT, none.text());
    });
  }

  @Test
  void smallBodiesStayAsTheyAreUnlessIdentityIsRefused() throws Exception {
    EddyTest.run(app(Compression.defaults()), (server, client) -> {
      Raw.Response small = Raw.get(server.port(), "/small", "Accept-Encoding: gzip");
      assertNull(small.header("Content-Encoding"));
      assertEquals("Accept-Encoding", small.header("Vary"));
      assertEquals("tiny", small.text());
      Raw.Response forced = Raw.get(server.port(), "/small", "Accept-Encoding: gzip, identity;q=0");
      assertEquals("gzip", forced.header("Content-Encoding"));
      assertEquals("tiny", new String(Decode.decode("gzip", forced.body()), StandardCharsets.UTF_8));
    });
    EddyTest.run(app(Compression.defaults().minSize(100)), (server, client) -> {
      assertEquals("gzip", Raw.get(server.port(), "/medium", "Accept-Encoding: gzip").header("Content-Encoding"));
      assertNull(Raw.get(server.port(), "/small", "Accept-Encoding: gzip").header("Content-Encoding"));
    });
    EddyTest.run(app(Compression.defaults()), (server, client) ->
        assertNull(Raw.get(server.port(), "/medium", "Accept-Encoding: gzip").header("Content-Encoding")));
  }

  @Test
  void compressedResponsesAndTheirOwnersAreLeftAlone() throws Exception {
    EddyTest.run(app(Compression.defaults()), (server, client) -> {
      Raw.Response png = Raw.get(server.port(), "/png", "Accept-Encoding: gzip");
      assertNull(png.header("Content-Encoding"));
      assertNull(png.header("Vary"), "an image never varies by Accept-Encoding");
      assertEquals(TEXT, png.text());
      Raw.Response encoded = Raw.get(server.port(), "/encoded", "Accept-Encoding: br, gzip");
      assertEquals("gzip", encoded.header("Content-Encoding"));
      assertEquals(2000, encoded.body().length, "already encoded: passed through");
      assertNull(Raw.get(server.port(), "/no-transform", "Accept-Encoding: gzip").header("Content-Encoding"));
      assertEquals(204, Raw.get(server.port(), "/empty", "Accept-Encoding: gzip").status());
    });
  }

  @Test
  void theTagOfACompressedVariantIsWeak() throws Exception {
    EddyTest.run(app(Compression.defaults()), (server, client) -> {
      assertEquals("W/\"v1\"", Raw.get(server.port(), "/tagged", "Accept-Encoding: gzip").header("ETag"));
      assertEquals("\"v1\"", Raw.get(server.port(), "/tagged").header("ETag"));
    });
  }

  @Test
  void codingsCanBeChosenAndUnknownOnesFail() throws Exception {
    EddyTest.run(app(Compression.defaults().codings("gzip")), (server, client) -> {
      assertEquals("gzip", encoding(server.port(), "br, zstd, gzip;q=0.1"));
      assertNull(encoding(server.port(), "br, zstd, deflate"));
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compression.defaults().codings("lzma"));
    assertTrue(e.getMessage().contains("lzma"));
    assertEquals(java.util.List.of("br", "zstd", "gzip", "deflate"), Compression.defaults().codingNames(),
        "brotli4j and zstd-jni are on the test class path and load here");
  }

  @Test
  void headGetsTheHeadersOfTheCompressedGet() throws Exception {
    EddyTest.run(app(Compression.defaults()), (server, client) -> {
      Raw.Response get = Raw.get(server.port(), "/text", "Accept-Encoding: gzip");
      Raw.Response head = Raw.send(server.port(), "HEAD", "/text", "Accept-Encoding: gzip");
      assertEquals("gzip", head.header("Content-Encoding"));
      assertEquals(get.header("Content-Length"), head.header("Content-Length"));
      assertArrayEquals(new byte[0], head.body());
    });
  }

  static String encoding(int port, String acceptEncoding) throws Exception {
    Raw.Response r = Raw.get(port, "/text", "Accept-Encoding: " + acceptEncoding);
    assertEquals(200, r.status());
    String coding = r.header("Content-Encoding");
    assertEquals(TEXT, coding == null ? r.text() : new String(Decode.decode(coding, r.body()), StandardCharsets.UTF_8));
    return coding;
  }
}
