package dev.eddy.ws;

import dev.eddy.Context;
import dev.eddy.JsonCodec;
import java.util.concurrent.CompletionStage;

/**
 * WebSocket is one open WebSocket connection, as the server sees it. Its methods are safe to call
 * from any thread at any time: sends never block and never interleave (each message goes out as
 * one frame, in the order the calls were made on a thread), so there is no "thread-safe writer" to
 * wrap around it.
 *
 * <p>Every send returns a stage that completes once the message has been handed to the socket, and
 * fails with an {@link java.io.IOException} if it never will be: the connection is closing or
 * closed, or ({@link SlowPeerException}) the peer reads so slowly that the message did not fit in
 * the outbound queue ({@link WebSocketOptions#maxQueuedBytes()}). Actions chained on a stage never
 * run on the event loop, so they may block; waiting for each stage before the next send paces a
 * producer to the peer's reading speed.
 *
 * <pre>{@code
 * app.ws("/echo", new WebSocketHandler() {
 *   public void onText(WebSocket ws, String text) {
 *     ws.send(text);
 *   }
 * });
 * }</pre>
 */
public interface WebSocket {
  /** The request that opened the connection: path params, query, headers, attributes. */
  Context context();

  /** The subprotocol agreed at the handshake (see {@link WebSocketOptions#subprotocols()}), or null. */
  String subprotocol();

  /** Sends a text message. */
  CompletionStage<Void> send(String text);

  /**
   * Sends a binary message. The array is not copied: don't change it until the stage completes
   * (the same array may be sent to many connections).
   */
  CompletionStage<Void> send(byte[] data);

  /**
   * Sends {@code value} encoded by the app's {@link JsonCodec} as a text message. Throws
   * {@link IllegalArgumentException} at once if it can't be encoded.
   */
  CompletionStage<Void> sendJson(Object value);

  /**
   * Starts the closing handshake: sends a Close frame and closes the connection when the peer
   * answers, or after {@link WebSocketOptions#closeTimeout()}. The stage completes once the
   * connection is closed. Calling it again, or after the peer closed, does nothing more.
   *
   * @param code 1000-1003, 1007-1014 or 3000-4999 (RFC 6455 section 7.4); others throw
   *     {@link IllegalArgumentException}
   * @param reason at most 123 bytes as UTF-8; longer throws {@link IllegalArgumentException}
   */
  CompletionStage<Void> close(int code, String reason);

  /** Closes with 1000 (normal closure) and no reason. */
  default CompletionStage<Void> close() {
    return close(1000, "");
  }

  /** Whether messages can still be sent: true until a Close frame has been sent or received. */
  boolean isOpen();

  /** Payload bytes of messages sent but not yet written to the socket. */
  long queuedBytes();

  /** The app's JSON codec, to read messages the way {@link #sendJson} writes them. */
  JsonCodec json();
}
