package dev.eddy.ws;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Recorder is a handler that notes every event as a line ("open", "text:hi", "binary:3",
 * "close:1000:bye", "error:boom") and echoes text back when asked to, for tests to read in order.
 */
class Recorder implements WebSocketHandler {
  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final boolean echo;

  Recorder(boolean echo) {
    this.echo = echo;
  }

  @Override
  public void onOpen(WebSocket ws) {
    events.add("open");
    opened.complete(ws);
  }

  @Override
  public void onText(WebSocket ws, String text) {
    events.add("text:" + text);
    if (echo) {
      ws.send(text);
    }
  }

  @Override
  public void onBinary(WebSocket ws, byte[] data) {
    events.add("binary:" + data.length);
    if (echo) {
      ws.send(data);
    }
  }

  @Override
  public void onClose(WebSocket ws, int code, String reason) {
    events.add("close:" + code + ":" + reason);
    closed.complete(code + ":" + reason);
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    events.add("error:" + error.getMessage());
    WebSocketHandler.super.onError(ws, error);
  }

  /** The next event, waiting up to 5 seconds; fails the test if none comes. */
  String next() throws InterruptedException {
    String e = events.poll(5, TimeUnit.SECONDS);
    assertNotNull(e, "no WebSocket event within 5 s");
    return e;
  }

  /** The close event's "code:reason", waiting up to {@code wait}. */
  String awaitClose(Duration wait) throws Exception {
    return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  WebSocket awaitOpen() throws Exception {
    return opened.get(5, TimeUnit.SECONDS);
  }
}
