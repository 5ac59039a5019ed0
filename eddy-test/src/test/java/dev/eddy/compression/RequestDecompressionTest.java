package dev.eddy.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.ServerOptions;
import dev.eddy.test.EddyTest;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RequestDecompressionTest {
  static final String JSON = "{\"items\": [" + "\"a long repeated item\",".repeat(500) + "\"end\"]}";

  static App app(long maxBody) {
    App app = new App().options(ServerOptions.defaults().maxBodyBytes(maxBody));
    app.use(RequestDecompression.defaults());
    app.post("/echo", ctx -> ctx.text(ctx.body().length + " " + ctx.header("Content-Encoding") + " "
        + ctx.header("Content-Length") + " " + ctx.bodyAsString().hashCode()));
    return app;
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater d = new Deflater(6, raw);
    try (OutputStream z = new DeflaterOutputStream(out, d)) {
      z.write(data);
    }
    d.end();
    return out.toByteArray();
  }

  static HttpResponse<String> post(dev.eddy.test.TestClient client, byte[] body, String encoding) throws Exception {
    HttpRequest.Builder b = client.request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    return client.send(b);
  }

  @Test
  void gzipAndDeflateBodiesAreDecodedForTheHandler() throws Exception {
    byte[] plain = JSON.getBytes(StandardCharsets.UTF_8);
    String expected = plain.length + " null " + plain.length + " " + JSON.hashCode();
    EddyTest.run(app(1 << 20), (server, client) -> {
      assertEquals(expected, post(client, gzip(plain), "gzip").body());
      assertEquals(expected, post(client, gzip(plain), "x-gzip").body());
      assertEquals(expected, post(client, deflate(plain, false), "deflate").body());
      assertEquals(expected, post(client, deflate(plain, true), "deflate").body(), "raw deflate, as some clients send");
      assertEquals(expected, post(client, gzip(gzip(plain)), "gzip, gzip").body());
      assertEquals(expected, post(client, gzip(plain), "identity, gzip").body());
      assertEquals(expected, post(client, plain, null).body());
    });
  }

  @Test
  void aBodyThatDecodesPastTheLimitIs413() throws Exception {
    byte[] bomb = gzip(new byte[64 << 20]); // 64 MiB of zeros: about 64 KiB on the wire
    assertTrue(bomb.length < 100_000);
    EddyTest.run(app(1 << 20), (server, client) -> {
      HttpResponse<String> r = post(client, bomb, "gzip");
      assertEquals(413, r.statusCode());
      assertTrue(r.body().contains("once decoded"), r.body());
      assertEquals(200, post(client, gzip(new byte[1 << 20]), "gzip").statusCode(), "exactly the limit is fine");
      assertEquals(413, post(client, gzip(new byte[(1 << 20) + 1]), "gzip").statusCode());
    });
  }

  @Test
  void unknownCodingsAre415AndNameWhatIsAccepted() throws Exception {
    EddyTest.run(app(1 << 20), (server, client) -> {
      HttpResponse<String> r = post(client, new byte[] {1, 2, 3}, "br");
      assertEquals(415, r.statusCode());
      assertEquals("gzip, deflate", r.headers().firstValue("Accept-Encoding").orElseThrow());
      assertEquals(415, post(client, gzip(new byte[10]), "gzip, compress").statusCode());
    });
  }

  @Test
  void bodiesThatDoNotDecodeAre400() throws Exception {
    EddyTest.run(app(1 << 20), (server, client) -> {
      assertEquals(400, post(client, "not gzip at all".getBytes(StandardCharsets.UTF_8), "gzip").statusCode());
      byte[] cut = gzip(JSON.getBytes(StandardCharsets.UTF_8));
      assertEquals(400, post(client, java.util.Arrays.copyOf(cut, cut.length / 2), "gzip").statusCode());
      assertEquals(400, post(client, new byte[] {0x78, (byte) 0x9c, 1, 2, 3}, "deflate").statusCode());
    });
  }

  @Test
  void aChunkedCompressedBodyIsDecodedToo() throws Exception {
    byte[] gz = gzip(JSON.getBytes(StandardCharsets.UTF_8));
    EddyTest.run(app(1 << 20), (server, client) -> {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n" + Integer.toHexString(gz.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(gz);
        out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int length = JSON.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(answer.endsWith(length + " null " + length + " " + JSON.hashCode()), answer);
      }
    });
  }
}
