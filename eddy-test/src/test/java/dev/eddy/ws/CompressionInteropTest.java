package dev.eddy.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate with a second real client: Node's ws package (pinned in
 * {@code src/test/node/package.json}, installed by {@code npm ci} there; {@code .ci/run} does it)
 * round-trips small and large, compressible and incompressible, text and binary messages through
 * an Eddy echo endpoint, and checks that both directions were compressed on the wire.
 */
class CompressionInteropTest {
  private static final Path NODE_DIR = Path.of("src", "test", "node");

  @Test
  void theWsPackageRoundTripsMessagesWithPermessageDeflate() throws Exception {
    requireNodeAndWs();
    WebSocketOptions options = WebSocketOptions.defaults().compression(true)
        .maxFrameBytes(4 << 20).maxMessageBytes(4 << 20).maxQueuedBytes(8 << 20);
    Recorder echo = new Recorder(true);
    EddyTest.run(new App().ws("/echo", options, echo), (server, client) -> {
      Process node = new ProcessBuilder("node", "deflate-client.mjs", "ws://127.0.0.1:" + server.port() + "/echo")
          .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          return "can't read node's output: " + e;
        }
      }, r -> Thread.ofVirtual().start(r));
      try {
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
          fail("the Node client did not finish within 60 s");
        }
      } finally {
        node.destroyForcibly();
      }
      String out = output.get(5, TimeUnit.SECONDS);
      assertEquals(0, node.exitValue(), out);
      assertTrue(out.contains("negotiated permessage-deflate"), out);
      assertTrue(out.contains("ok 8 messages"), out);
      assertEquals("1000:done", echo.awaitClose(java.time.Duration.ofSeconds(5)));
    });
  }

  /** Fails, saying what to do, when Node.js or the ws package is missing. */
  private static void requireNodeAndWs() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail("`node --version` failed; this test needs Node.js 20 on PATH");
      }
    } catch (IOException e) {
      fail("This test needs Node.js on PATH (node not found: " + e.getMessage() + ")");
    }
    if (!Files.isRegularFile(NODE_DIR.resolve("node_modules/ws/package.json"))) {
      fail("The ws package is missing: run `npm ci` in eddy-test/src/test/node (.ci/run does)");
    }
  }
}
