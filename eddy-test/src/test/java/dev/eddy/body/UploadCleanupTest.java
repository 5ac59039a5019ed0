package dev.eddy.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Handler;
import dev.eddy.HttpException;
import dev.eddy.ServerOptions;
import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary upload files are deleted when the handler is done, however the request ended. */
class UploadCleanupTest {
  @TempDir
  Path uploads;

  private final byte[] body = new MultipartBody().field("a", "1").file("f", "x.bin", "x/y", new byte[50_000])
      .file("g", "y.bin", "x/y", new byte[10]).bytes();

  private MultipartLimits limits() {
    return MultipartLimits.defaults().tempDir(uploads);
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(uploads)) {
      return files.toList();
    }
  }

  /** Waits up to 10 s for the upload directory to empty (cleanup after a disconnect is not in the response path). */
  private void awaitNoLeftovers() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!leftovers().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of(), leftovers());
  }

  private HttpResponse<String> post(dev.eddy.test.TestClient client, String path) throws Exception {
    return client.send(client.request(path).header("Content-Type", MultipartBody.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  @Test
  void aHandlerThatThrowsAfterReadingLeavesNoFiles() throws Exception {
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    App app = new App();
    app.post("/boom", Handler.streamingBody(1 << 20, ctx -> {
      Multipart form = Multipart.read(ctx, limits());
      seen.complete(leftovers().size());
      throw new IllegalStateException("boom after " + form.files().size() + " files");
    }));
    EddyTest.run(app, (server, client) -> {
      assertEquals(500, post(client, "/boom").statusCode());
      assertEquals(2, seen.get(5, TimeUnit.SECONDS), "both files were on disk while the handler ran");
      assertEquals(List.of(), leftovers());
    });
  }

  @Test
  void aClientThatLeavesMidUploadLeavesNoFiles() throws Exception {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    App app = new App();
    app.post("/upload", Handler.streamingBody(64L << 20, ctx -> {
      try {
        Multipart.read(ctx, limits());
        failure.complete(null);
      } catch (RuntimeException e) {
        failure.complete(e);
        throw e;
      }
      ctx.text("done");
    }));
    byte[] head = new MultipartBody().field("a", "1").file("f", "big.bin", "x/y", new byte[300_000]).unfinished();
    EddyTest.run(app, (server, client) -> {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: " + MultipartBody.contentType()
            + "\r\nContent-Length: " + (32 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(head, 0, 200_000); // the file has started, far from its end
        out.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (leftovers().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertEquals(1, leftovers().size(), "the file is being written");
      } // the client goes away mid-file
      Throwable e = failure.get(10, TimeUnit.SECONDS);
      HttpException http = assertInstanceOf(HttpException.class, e);
      assertEquals(400, http.status());
      assertTrue(http.getMessage().startsWith("The request body ended early"), http.getMessage());
      awaitNoLeftovers();
    });
  }

  @Test
  void filesLiveUntilAnAsyncStageCompletes() throws Exception {
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<Path> file = new CompletableFuture<>();
    App app = new App();
    app.post("/later", Handler.streamingBody(1 << 20, ctx -> {
      file.complete(Multipart.read(ctx, limits()).requireFile("f").path());
      ctx.async(stage.thenApply(s -> s + " " + Files.exists(file.join())));
    }));
    EddyTest.run(app, (server, client) -> {
      CompletableFuture<HttpResponse<String>> response = client.http().sendAsync(client.request("/later")
          .header("Content-Type", MultipartBody.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      Path path = file.get(5, TimeUnit.SECONDS);
      Thread.sleep(100); // the handler has returned; its stage is pending
      assertTrue(Files.exists(path), "deleted while the stage was pending");
      stage.complete("still there:");
      assertEquals("still there: true", response.get(10, TimeUnit.SECONDS).body());
      awaitNoLeftovers();
    });
  }

  @Test
  void aHandlerThatTimesOutLeavesNoFilesOnceItStops() throws Exception {
    App app = new App().options(ServerOptions.defaults().handlerTimeout(Duration.ofMillis(500)));
    app.post("/slow", Handler.streamingBody(1 << 20, ctx -> {
      Multipart.read(ctx, limits());
      Thread.sleep(20_000); // interrupted by the timeout
      ctx.text("never");
    }));
    EddyTest.run(app, (server, client) -> {
      assertEquals(503, post(client, "/slow").statusCode());
      awaitNoLeftovers();
    });
  }
}
