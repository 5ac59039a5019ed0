package dev.eddy.js;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** One line serves eddy.js and its types, with validators and a gzip copy. */
class EddyJsTest {

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = App.class.getResourceAsStream("/dev/eddy/js/" + name)) {
      return in.readAllBytes();
    }
  }

  private static HttpResponse<byte[]> get(TestClient client, String path, String... headers) throws Exception {
    HttpRequest.Builder r = client.request(path);
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return client.http().send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private static App app() {
    return new App().use("/", EddyJs.router());
  }

  @Test
  void theModuleIsServedAsJavaScriptWithValidators() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<byte[]> r = get(client, "/eddy.js");
      assertEquals(200, r.statusCode());
      assertEquals("text/javascript; charset=utf-8", header(r, "Content-Type"));
      assertEquals("no-cache", header(r, "Cache-Control"));
      assertEquals("nosniff", header(r, "X-Content-Type-Options"));
      assertEquals("Accept-Encoding", header(r, "Vary"));
      assertTrue(header(r, "ETag").matches("\"[A-Za-z0-9_-]{22}\""), header(r, "ETag"));
      assertEquals(null, header(r, "Content-Encoding"));
      assertArrayEquals(resource("eddy.js"), r.body());
    });
  }

  @Test
  void theTypesAreServedAsTypeScript() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<byte[]> r = get(client, "/eddy.d.ts");
      assertEquals(200, r.statusCode());
      assertEquals("application/typescript; charset=utf-8", header(r, "Content-Type"));
      assertArrayEquals(resource("eddy.d.ts"), r.body());
      assertNotEquals(header(get(client, "/eddy.js"), "ETag"), header(r, "ETag"));
    });
  }

  @Test
  void aMatchingIfNoneMatchGetsA304WithoutABody() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String etag = header(get(client, "/eddy.js"), "ETag");
      for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
        HttpResponse<byte[]> r = get(client, "/eddy.js", "If-None-Match", ifNoneMatch);
        assertEquals(304, r.statusCode(), ifNoneMatch);
        assertEquals(0, r.body().length);
        assertEquals(etag, header(r, "ETag"));
        assertEquals("no-cache", header(r, "Cache-Control"));
      }
      HttpResponse<byte[]> stale = get(client, "/eddy.js", "If-None-Match", "\"an-older-eddy\"");
      assertEquals(200, stale.statusCode());
      assertArrayEquals(resource("eddy.js"), stale.body());
    });
  }

  @Test
  void clientsThatAcceptGzipGetTheCompressedCopyWithItsOwnTag() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String plainTag = header(get(client, "/eddy.js"), "ETag");
      HttpResponse<byte[]> r = get(client, "/eddy.js", "Accept-Encoding", "br;q=1.0, gzip;q=0.8");
      assertEquals(200, r.statusCode());
      assertEquals("gzip", header(r, "Content-Encoding"));
      assertTrue(r.body().length < resource("eddy.js").length / 2, "compressed to " + r.body().length + " bytes");
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
        assertArrayEquals(resource("eddy.js"), in.readAllBytes());
      }
      String gzipTag = header(r, "ETag");
      assertNotEquals(plainTag, gzipTag, "each encoding is its own representation");
      assertEquals(304, get(client, "/eddy.js", "Accept-Encoding", "gzip", "If-None-Match", gzipTag).statusCode());
      assertEquals(200, get(client, "/eddy.js", "If-None-Match", gzipTag).statusCode(), "no gzip: a different tag");
      assertEquals(null, header(get(client, "/eddy.js", "Accept-Encoding", "gzip;q=0, *"), "Content-Encoding"));
      assertEquals("gzip", header(get(client, "/eddy.js", "Accept-Encoding", "*"), "Content-Encoding"));
      assertEquals(null, header(get(client, "/eddy.js", "Accept-Encoding", "identity"), "Content-Encoding"));
    });
  }

  @Test
  void headAnswersTheHeadersAndOtherMethodsAre405() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<byte[]> head = client.http().send(
          client.request("/eddy.js").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, head.statusCode());
      assertEquals(0, head.body().length);
      assertEquals(String.valueOf(resource("eddy.js").length), header(head, "Content-Length"));
      HttpResponse<String> post = client.post("/eddy.js", "x", "text/plain");
      assertEquals(405, post.statusCode());
    });
  }

  @Test
  void theRouterCanBeMountedUnderAPrefix() throws Exception {
    App app = new App().use("/assets", EddyJs.router());
    app.get("/custom/client.js", EddyJs.script());
    EddyTest.run(app, (server, client) -> {
      assertArrayEquals(resource("eddy.js"), get(client, "/assets/eddy.js").body());
      assertArrayEquals(resource("eddy.js"), get(client, "/custom/client.js").body());
      assertEquals(404, get(client, "/eddy.js").statusCode());
    });
  }
}
