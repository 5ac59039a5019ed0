package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Range requests on static files: 206, multipart/byteranges, 416, If-Range (RFC 9110 section 14). */
class RangeRequestTest {
  private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"; // 36 bytes

  private static App app(Path dir, boolean fromClassPath) throws Exception {
    Tree tree = new Tree(dir);
    Tree.write(tree.root.resolve("digits.txt"), DIGITS);
    Tree.write(tree.root.resolve("empty.txt"), "");
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    if (fromClassPath) {
      app.get("/cp/*", Static.classpath("static-test"));
    }
    return app;
  }

  @Test
  void aSingleRangeIs206WithContentRange(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir, false), (server, client) -> {
      Raw.Response r = Raw.get(server.port(), "/static/digits.txt", "Range: bytes=2-5");
      assertEquals(206, r.status());
      assertEquals("2345", r.text());
      assertEquals("bytes 2-5/36", r.header("Content-Range"));
      assertEquals("4", r.header("Content-Length"));
      assertEquals("xyz", Raw.get(server.port(), "/static/digits.txt", "Range: bytes=-3").text());
      assertEquals("wxyz", Raw.get(server.port(), "/static/digits.txt", "Range: bytes=32-").text());
      assertEquals("yz", Raw.get(server.port(), "/static/digits.txt", "Range: bytes=34-1000").text());
      assertEquals(DIGITS, Raw.get(server.port(), "/static/digits.txt", "Range: bytes=-100").text());
      assertEquals("01", Raw.get(server.port(), "/static/digits.txt", "Range: bytes = 0-1").text());
    });
  }

  @Test
  void unsatisfiableRangesAre416WithTheLength(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir, false), (server, client) -> {
      for (String range : new String[] {"bytes=36-", "bytes=100-200", "bytes=-0", "bytes=40-50, 60-"}) {
        Raw.Response r = Raw.get(server.port(), "/static/digits.txt", "Range: " + range);
        assertEquals(416, r.status(), range);
        assertEquals("bytes */36", r.header("Content-Range"), range);
      }
    });
  }

  @Test
  void invalidOrForeignRangesAreIgnored(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir, false), (server, client) -> {
      for (String range : new String[] {"bytes=5-2", "bytes=abc", "items=0-1", "bytes=1", "bytes=--1", "bytes=+1-2"}) {
        Raw.Response r = Raw.get(server.port(), "/static/digits.txt", "Range: " + range);
        assertEquals(200, r.status(), range);
        assertEquals(DIGITS, r.text(), range);
      }
      assertEquals(200, Raw.get(server.port(), "/static/empty.txt", "Range: bytes=0-").status(),
          "an empty file has no range to give; it is sent whole");
      Raw.Response head = Raw.send(server.port(), "HEAD", "/static/digits.txt", "Range: bytes=0-1");
      assertEquals(200, head.status(), "Range applies to GET only");
    });
  }

  @Test
  void severalRangesAreMultipartByteranges(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir, false), (server, client) -> {
      Raw.Response r = Raw.get(server.port(), "/static/digits.txt", "Range: bytes=0-2, 10-12,-2");
      assertEquals(206, r.status());
      Matcher m = Pattern.compile("multipart/byteranges; boundary=(\\w+)").matcher(r.header("Content-Type"));
      assertTrue(m.matches(), r.header("Content-Type"));
      String b = m.group(1);
      String expected = "--" + b + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-2/36\r\n\r\n012\r\n"
          + "--" + b + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-12/36\r\n\r\nabc\r\n"
          + "--" + b + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 34-35/36\r\n\r\nyz\r\n"
          + "--" + b + "--\r\n";
      assertEquals(expected, new String(r.body(), StandardCharsets.ISO_8859_1));
      Raw.Response oneLeft = Raw.get(server.port(), "/static/digits.txt", "Range: bytes=3-4, 90-99");
      assertEquals("bytes 3-4/36", oneLeft.header("Content-Range"), "unsatisfiable members are dropped");
      assertEquals("34", oneLeft.text());
    });
  }

  @Test
  void abusiveRangeSetsAreRefused(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir, false), (server, client) -> {
      assertEquals(416, Raw.get(server.port(), "/static/digits.txt", "Range: bytes=0-10, 5-15").status(), "overlap");
      assertEquals(416, Raw.get(server.port(), "/static/digits.txt", "Range: bytes=0-, 0-").status(), "overlap");
      StringBuilder many = new StringBuilder("bytes=0-0");
      for (int i = 1; i <= 16; i++) {
        many.append(',').append(i * 2).append('-').append(i * 2);
      }
      assertEquals(416, Raw.get(server.port(), "/static/digits.txt", "Range: " + many).status(), "17 ranges");
      StringBuilder sixteen = new StringBuilder("bytes=0-0");
      for (int i = 1; i < 16; i++) {
        sixteen.append(',').append(i * 2).append('-').append(i * 2);
      }
      assertEquals(206, Raw.get(server.port(), "/static/digits.txt", "Range: " + sixteen).status(), "16 ranges");
    });
  }

  @Test
  void ifRangeHonoursTheRangeOnlyForTheCurrentStrongValidator(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir, false), (server, client) -> {
      Raw.Response full = Raw.get(server.port(), "/static/digits.txt");
      String etag = full.header("ETag");
      String date = full.header("Last-Modified");
      assertEquals(206, Raw.get(server.port(), "/static/digits.txt", "Range: bytes=0-1", "If-Range: " + etag).status());
      assertEquals(206, Raw.get(server.port(), "/static/digits.txt", "Range: bytes=0-1", "If-Range: " + date).status());
      assertEquals(200, Raw.get(server.port(), "/static/digits.txt", "Range: bytes=0-1", "If-Range: \"old\"").status());
      assertEquals(200, Raw.get(server.port(), "/static/digits.txt", "Range: bytes=0-1", "If-Range: W/" + etag).status());
      assertEquals(200, Raw.get(server.port(), "/static/digits.txt", "Range: bytes=0-1",
          "If-Range: Sat, 01 Jan 2000 00:00:00 GMT").status());
    });
  }

  @Test
  void classPathResourcesServeRangesToo(@TempDir Path dir) throws Exception {
    EddyTest.run(app(dir, true), (server, client) -> {
      Raw.Response r = Raw.get(server.port(), "/cp/site.css", "Range: bytes=4-9");
      assertEquals(206, r.status());
      assertEquals("margin", r.text());
    });
  }
}
