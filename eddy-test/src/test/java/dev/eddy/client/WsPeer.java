package dev.eddy.client;

import dev.eddy.App;
import dev.eddy.test.TestServer;
import dev.eddy.ws.WebSocket;
import dev.eddy.ws.WebSocketHandler;
import dev.eddy.ws.WebSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WsPeer is Eddy's own WebSocket server as the peer of the client's tests: an app with one route,
 * {@code /ws}, that echoes text and binary messages and obeys text commands:
 *
 * <pre>
 *   origin            the handshake's Origin header
 *   header NAME       the handshake's header NAME
 *   close             closes with 4001 "bye"
 *   flood N SIZE      N binary messages of SIZE bytes (the first 4 bytes: the index), each sent
 *                     once the one before is written: a producer paced by the socket, counted in
 *                     {@link #written}; {@link #flooded} completes with the count after the last
 *   big SIZE          one text message of SIZE chars
 * </pre>
 *
 * Close frames the server gets are noted in {@link #closes} as {@code <code> <reason>}, from
 * {@code onClose}. Whatever Eddy's server never sends (fragmented messages, Pings on demand) is
 * {@link EchoServer}'s job.
 */
final class WsPeer implements WebSocketHandler {
  /** How each connection ended, as {@code onClose} saw it: {@code "1000 bye"}. */
  final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
  /** Flood messages written to the socket so far. */
  final AtomicInteger written = new AtomicInteger();
  /** Completes with the number of flood messages written once the last one is. */
  final CompletableFuture<Integer> flooded = new CompletableFuture<>();

  /** An app serving a new peer at {@code /ws} with default options. */
  static App app(WsPeer peer) {
    return app(peer, WebSocketOptions.defaults());
  }

  static App app(WsPeer peer, WebSocketOptions options) {
    return new App().ws("/ws", options, peer);
  }

  /** The peer's address on {@code server}. */
  static URI uri(TestServer server) {
    return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
  }

  @Override
  public void onText(WebSocket ws, String text) {
    String[] words = text.split(" ");
    switch (words[0]) {
      case "origin" -> ws.send(String.valueOf(ws.context().header("Origin")));
      case "header" -> ws.send(String.valueOf(ws.context().header(words[1])));
      case "close" -> ws.close(4001, "bye");
      case "flood" -> flood(ws, Integer.parseInt(words[1]), Integer.parseInt(words[2]));
      case "big" -> ws.send("x".repeat(Integer.parseInt(words[1])));
      default -> ws.send(text);
    }
  }

  @Override
  public void onBinary(WebSocket ws, byte[] data) {
    ws.send(data);
  }

  @Override
  public void onClose(WebSocket ws, int code, String reason) {
    closes.add(code + " " + reason);
  }

  /** Sends on a thread of its own, so the connection's callbacks (its close) are not held up. */
  private void flood(WebSocket ws, int count, int size) {
    Thread.ofVirtual().name("ws-peer-flood").start(() -> {
      try {
        for (int i = 0; i < count; i++) {
          byte[] payload = ByteBuffer.allocate(size).putInt(0, i).array();
          ws.send(payload).toCompletableFuture().get(); // written to the socket: only then the next
          written.incrementAndGet();
        }
        flooded.complete(written.get());
      } catch (Exception e) {
        flooded.completeExceptionally(e);
      }
    });
  }
}
