package dev.eddy.ws;

/**
 * WebSocketHandler receives the events of WebSocket connections opened on one route
 * ({@code app.ws(path, handler)}). Override what you need; one instance serves every connection of
 * the route, so per-connection state belongs in a map keyed by the {@link WebSocket}, or in
 * {@code ws.context().attr(...)}.
 *
 * <p>For one connection the callbacks run one at a time, in order (open, messages as they
 * arrived, close last), on a virtual thread, never on the event loop: they may block. While they
 * lag behind, reading from the socket pauses, so a fast sender can't grow the server's memory.
 *
 * <p>An exception thrown by a callback goes to {@link #onError}; the default closes the connection
 * with 1011. Transport failures and protocol errors by the peer are not errors of the handler:
 * they end in {@link #onClose} with the close code that says what happened.
 */
public interface WebSocketHandler {
  /** The handshake is done; messages can be sent. */
  default void onOpen(WebSocket ws) throws Exception {}

  /** A whole text message (fragments joined; valid UTF-8). The default closes with 1003. */
  default void onText(WebSocket ws, String text) throws Exception {
    ws.close(1003, "This endpoint does not accept text messages");
  }

  /** A whole binary message (fragments joined). The default closes with 1003. */
  default void onBinary(WebSocket ws, byte[] data) throws Exception {
    ws.close(1003, "This endpoint does not accept binary messages");
  }

  /**
   * The connection has closed; the last callback for it. {@code code} is the status of the Close
   * frame that started the closing handshake, whoever sent it: the peer's (1005 if it had none),
   * the app's, 1001 when the server shut down, 1002 / 1007 / 1009 when the peer broke the protocol,
   * sent invalid UTF-8 or too big a message, 1008 / 1013 when it read too slowly; 1006 when the
   * connection dropped without a Close frame (including a peer that stopped answering pings).
   */
  default void onClose(WebSocket ws, int code, String reason) throws Exception {}

  /** A callback threw {@code error}. The default logs it and closes the connection with 1011. */
  default void onError(WebSocket ws, Throwable error) {
    org.slf4j.LoggerFactory.getLogger(WebSocketHandler.class)
        .warn("WebSocket handler for {} failed; closing with 1011", ws.context().path(), error);
    ws.close(1011, "Internal server error");
  }
}
