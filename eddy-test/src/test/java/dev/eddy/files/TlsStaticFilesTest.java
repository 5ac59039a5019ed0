package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.App;
import dev.eddy.Tls;
import dev.eddy.test.EddyTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under TLS a file can't go as a zero-copy region (the JVM must encrypt it): it goes in chunks. */
class TlsStaticFilesTest {

  @Test
  void aLargeFileArrivesIntactOverHttpsAndTheConnectionKeepsServing(@TempDir Path root) throws Exception {
    byte[] data = new byte[6 << 20];
    new Random(3).nextBytes(data);
    Files.write(root.resolve("big.bin"), data);
    Tls tls = Tls.selfSigned();
    App app = new App().tls(tls);
    app.get("/files/*", Static.dir(root));
    app.get("/after", ctx -> ctx.text("still here"));
    EddyTest.run(app, (server, client) -> {
      try (HttpClient https = HttpClient.newBuilder().sslContext(tls.clientContext())
          .version(HttpClient.Version.HTTP_1_1).build()) {
        HttpResponse<byte[]> file = https.send(HttpRequest.newBuilder(app.uri().resolve("/files/big.bin")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertArrayEquals(data, file.body());
        HttpResponse<byte[]> range = https.send(HttpRequest.newBuilder(app.uri().resolve("/files/big.bin"))
            .header("Range", "bytes=100-199").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 100, 200), range.body());
        HttpResponse<String> after = https.send(HttpRequest.newBuilder(app.uri().resolve("/after")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals("still here", after.body());
      }
    });
  }
}
