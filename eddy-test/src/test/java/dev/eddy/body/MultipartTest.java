package dev.eddy.body;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Handler;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartTest {
  @TempDir
  Path uploads;

  /** /upload streams, /buffered does not; both answer one line per field and per file. */
  private App app(MultipartLimits limits) {
    App app = new App();
    Handler describe = ctx -> {
      Multipart form = Multipart.read(ctx, limits);
      StringBuilder out = new StringBuilder();
      form.fields().asMap().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      for (Upload f : form.files()) {
        out.append(f.field()).append(": ").append(f.filename()).append(' ').append(f.contentType()).append(' ')
            .append(f.size()).append(' ').append(sha256(Files.readAllBytes(f.path()))).append(' ')
            .append(f.path().getParent().equals(uploads)).append(' ')
            .append(f.path().getFileName().toString().startsWith("eddy-upload-")).append('\n');
      }
      ctx.text(out.toString());
    };
    app.post("/upload", Handler.streamingBody(256L << 20, describe));
    app.post("/buffered", describe);
    return app;
  }

  private MultipartLimits limits() {
    return MultipartLimits.defaults().tempDir(uploads);
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  static HttpResponse<String> send(TestClient client, String path, byte[] body, boolean chunked) throws Exception {
    HttpRequest.BodyPublisher publisher = chunked
        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
        : HttpRequest.BodyPublishers.ofByteArray(body);
    return client.send(client.request(path).header("Content-Type", MultipartBody.contentType()).POST(publisher));
  }

  List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(uploads)) {
      return files.toList();
    }
  }

  @Test
  void filesLandOnDiskIntactUnderGeneratedNamesAndFieldsAreDecoded() throws Exception {
    byte[] big = new byte[20 << 20];
    new Random(1).nextBytes(big);
    byte[] small = "hello\r\n--not-a-boundary\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new MultipartBody()
        .field("title", "Zoë's ☃ photos")
        .file("photo", "../../etc/passwd", "image/jpeg", big)
        .field("tag", "a")
        .file("photo", "note.txt", "text/plain", small)
        .field("tag", "b")
        .raw("Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n",
            new byte[0])
        .raw("Content-Disposition: form-data; name=\"doc\"; filename*=UTF-8''%E2%82%AC%20rates.pdf\r\n", new byte[] {1, 2})
        .bytes();
    EddyTest.run(app(limits()), (server, client) -> {
      for (boolean chunked : new boolean[] {false, true}) {
        HttpResponse<String> r = send(client, "/upload", body, chunked);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("title=[Zoë's ☃ photos]\ntag=[a, b]\n"
            + "photo: ../../etc/passwd image/jpeg " + big.length + " " + sha256(big) + " true true\n"
            + "photo: note.txt text/plain " + small.length + " " + sha256(small) + " true true\n"
            + "doc: € rates.pdf application/octet-stream 2 " + sha256(new byte[] {1, 2}) + " true true\n", r.body());
        assertEquals(List.of(), leftovers(), "temp files are deleted once the handler is done");
      }
    });
  }

  @Test
  void aBufferedRouteReadsMultipartToo() throws Exception {
    byte[] content = "plain bytes".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new MultipartBody().field("a", "1").file("f", "x.bin", "application/x-test", content).bytes();
    EddyTest.run(app(limits()), (server, client) -> {
      HttpResponse<String> r = send(client, "/buffered", body, false);
      assertEquals("a=[1]\nf: x.bin application/x-test 11 " + sha256(content) + " true true\n", r.body());
      assertEquals(List.of(), leftovers());
    });
  }

  @Test
  void eachLimitIs413NamingItAndLeavesNoFiles() throws Exception {
    MultipartLimits tight = limits().maxFileBytes(1000).maxTotalBytes(20_000).maxParts(4).maxFiles(2)
        .maxFieldBytes(100).maxPartHeaderBytes(200);
    byte[] kb = new byte[900];
    record Case(String limit, byte[] body) {}
    List<Case> cases = List.of(
        new Case("File 'f' is larger than 1000 bytes (maxFileBytes)",
            new MultipartBody().file("ok", "a", "x/y", kb).file("f", "b", "x/y", new byte[1001]).bytes()),
        new Case("Multipart body larger than 20000 bytes (maxTotalBytes)",
            new MultipartBody().field("a", "x".repeat(90)).file("f", "b", "x/y", kb).file("g", "c", "x/y", kb)
                .raw("Content-Disposition: form-data; name=\"pad\"\r\n", new byte[20_000]).bytes()),
        new Case("Multipart body has more than 4 parts (maxParts)",
            new MultipartBody().field("a", "1").field("b", "2").field("c", "3").field("d", "4").field("e", "5").bytes()),
        new Case("Multipart body has more than 2 files (maxFiles)",
            new MultipartBody().file("f", "1", "x/y", kb).file("f", "2", "x/y", kb).file("f", "3", "x/y", kb).bytes()),
        new Case("Field 'a' is larger than 100 bytes (maxFieldBytes)",
            new MultipartBody().field("a", "x".repeat(101)).bytes()),
        new Case("Multipart part headers larger than 200 bytes (maxPartHeaderBytes)",
            new MultipartBody().raw("Content-Disposition: form-data; name=\"a\"\r\nX-Pad: " + "p".repeat(200) + "\r\n",
                new byte[1]).bytes()));
    EddyTest.run(app(tight), (server, client) -> {
      for (Case c : cases) {
        for (boolean chunked : new boolean[] {false, true}) {
          HttpResponse<String> r = send(client, "/upload", c.body(), chunked);
          assertEquals(413, r.statusCode(), c.limit() + ": " + r.body());
          assertEquals(c.limit() + "\n", r.body());
          assertEquals(List.of(), leftovers(), c.limit());
        }
      }
    });
  }

  @Test
  void malformedBodiesAre400WithAReason() throws Exception {
    EddyTest.run(app(limits()), (server, client) -> {
      HttpResponse<String> noBoundary = client.send(client.request("/upload")
          .header("Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.ofString("x")));
      assertEquals(400, noBoundary.statusCode());
      assertEquals("Malformed multipart body: the Content-Type has no boundary\n", noBoundary.body());
      HttpResponse<String> garbage = send(client, "/upload", "no parts here".getBytes(StandardCharsets.US_ASCII), false);
      assertEquals(400, garbage.statusCode());
      assertTrue(garbage.body().startsWith("Malformed multipart body: "), garbage.body());
      byte[] cut = new MultipartBody().field("a", "1").file("f", "x", "x/y", new byte[5000]).unfinished();
      HttpResponse<String> truncated = send(client, "/upload", cut, false);
      assertEquals(400, truncated.statusCode());
      assertTrue(truncated.body().startsWith("Malformed multipart body: "), truncated.body());
      HttpResponse<String> badUtf8 = send(client, "/upload",
          new MultipartBody().raw("Content-Disposition: form-data; name=\"n\"\r\n", new byte[] {(byte) 0xC3, 0x28}).bytes(),
          false);
      assertEquals(400, badUtf8.statusCode());
      assertEquals("Malformed multipart body: field 'n' is not valid UTF-8\n", badUtf8.body());
      HttpResponse<String> json = client.postJson("/upload", "{}");
      assertEquals(415, json.statusCode());
      assertEquals(List.of(), leftovers());
    });
  }

  @Test
  void theRouteLimitStillAppliesOnAStreamingRoute() throws Exception {
    App app = new App();
    app.post("/small", Handler.streamingBody(10_000, ctx -> ctx.text(Multipart.read(ctx, limits()).files().size() + "")));
    byte[] body = new MultipartBody().file("f", "x", "x/y", new byte[20_000]).bytes();
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> chunked = send(client, "/small", body, true);
      assertEquals(413, chunked.statusCode());
      assertEquals("Request body larger than 10000 bytes\n", chunked.body());
      assertEquals(List.of(), leftovers());
    });
  }

  @Test
  void aMovedFileOutlivesTheRequest() throws Exception {
    Path kept = uploads.resolve("kept").resolve("photo.jpg");
    App app = new App();
    app.post("/keep", Handler.streamingBody(1 << 20, ctx -> {
      Files.createDirectories(kept.getParent());
      Multipart.read(ctx, limits()).requireFile("photo").moveTo(kept);
      ctx.text("kept");
    }));
    byte[] content = "jpeg bytes".getBytes(StandardCharsets.US_ASCII);
    EddyTest.run(app, (server, client) -> {
      assertEquals("kept", send(client, "/keep", new MultipartBody().file("photo", "p.jpg", "image/jpeg", content).bytes(),
          false).body());
      assertArrayEquals(content, Files.readAllBytes(kept));
      assertEquals(List.of(uploads.resolve("kept")), leftovers());
      HttpResponse<String> missing = send(client, "/keep", new MultipartBody().field("a", "b").bytes(), false);
      assertEquals(400, missing.statusCode());
      assertEquals("Missing file 'photo'\n", missing.body());
      assertFalse(Files.exists(uploads.resolve("kept").resolve("p.jpg")));
    });
  }
}
