package dev.eddy.client;

/**
 * WsMessage is one whole WebSocket message, as {@link WebSocketClient#receive} returns it: the
 * fragments of a message are joined before it is handed out.
 *
 * <pre>{@code
 * switch (ws.receive(Duration.ofSeconds(5))) {
 *   case WsMessage.Text(String text) -> show(text);
 *   case WsMessage.Binary(byte[] bytes) -> save(bytes);
 *   case null -> fail("nothing within 5 seconds");
 * }
 * }</pre>
 */
public sealed interface WsMessage {
  /** A text message. */
  record Text(String text) implements WsMessage {}

  /** A binary message; the array is the receiver's own. */
  record Binary(byte[] bytes) implements WsMessage {
    @Override
    public String toString() {
      return "Binary[" + bytes.length + " bytes]";
    }
  }
}
