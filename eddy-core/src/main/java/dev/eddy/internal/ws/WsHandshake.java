package dev.eddy.internal.ws;

import dev.eddy.HttpException;
import dev.eddy.internal.app.Exchange;
import dev.eddy.ws.WebSocketHandler;
import dev.eddy.ws.WebSocketOptions;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * WsHandshake is the server's half of the RFC 6455 opening handshake, run by the route that
 * {@code app.ws} registers: it checks the request, answers what is wrong with a 4xx naming it, and
 * otherwise sets the 101's headers and hands the connection to a {@link WsSwitch}.
 */
public final class WsHandshake {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WsHandshake() {}

  /** Accepts the handshake in {@code ex} or throws {@link HttpException} 400, 403 or 426. */
  public static void accept(Exchange ex, WebSocketOptions options, WebSocketHandler handler) {
    if (!"GET".equals(ex.method())) {
      throw new HttpException(400, "A WebSocket handshake is a GET request, not " + ex.method());
    }
    if (!hasToken(ex.headers("Upgrade"), "websocket")) {
      throw new HttpException(400, "This is a WebSocket endpoint: the request needs 'Upgrade: websocket'");
    }
    if (!hasToken(ex.headers("Connection"), "upgrade")) {
      throw new HttpException(400, "A WebSocket handshake needs 'Connection: Upgrade'");
    }
    String version = ex.header("Sec-WebSocket-Version");
    if (version == null || !version.trim().equals("13")) {
      ex.header("Sec-WebSocket-Version", "13");
      throw new HttpException(426, (version == null ? "Sec-WebSocket-Version is missing"
          : "Sec-WebSocket-Version " + version.trim() + " is not supported") + "; this server speaks version 13");
    }
    List<String> keys = ex.headers("Sec-WebSocket-Key");
    if (keys.size() != 1 || !validKey(keys.get(0).trim())) {
      throw new HttpException(400, "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
    }
    String origin = ex.header("Origin");
    if (!Origins.allowed(origin, ex.header("Host"), options.allowedOrigins())) {
      throw new HttpException(403, "Origin '" + origin + "' may not open a WebSocket here");
    }
    String subprotocol = chooseSubprotocol(ex.headers("Sec-WebSocket-Protocol"), options.subprotocols());
    WebSocketServerExtension compression = options.compression()
        ? negotiateDeflate(ex.headers("Sec-WebSocket-Extensions"), options.maxMessageBytes()) : null;

    ex.header("Upgrade", "websocket");
    ex.header("Connection", "Upgrade");
    ex.header("Sec-WebSocket-Accept", acceptValue(keys.get(0).trim()));
    if (subprotocol != null) {
      ex.header("Sec-WebSocket-Protocol", subprotocol);
    }
    if (compression != null) {
      ex.header("Sec-WebSocket-Extensions", format(compression.newReponseData()));
    }
    ex.switchProtocols(new WsSwitch(ex, options, handler, subprotocol, compression));
  }

  private static boolean validKey(String key) {
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** RFC 6455 section 4.2.2: base64(SHA-1(key + GUID)). */
  static String acceptValue(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-1", e);
    }
  }

  /** The first of the route's subprotocols that the client offered, or null. */
  private static String chooseSubprotocol(List<String> offered, List<String> supported) {
    for (String mine : supported) {
      if (hasToken(offered, mine)) {
        return mine;
      }
    }
    return null;
  }

  /** The first permessage-deflate offer we can accept, or null (then the connection is uncompressed). */
  private static WebSocketServerExtension negotiateDeflate(List<String> headers, int maxMessageBytes) {
    if (headers.isEmpty()) {
      return null;
    }
    List<WebSocketExtensionData> offers;
    try {
      offers = WebSocketExtensionUtil.extractExtensions(String.join(",", headers));
    } catch (RuntimeException malformed) {
      return null;
    }
    // Level 6, window 15, memLevel 8 (zlib's defaults); inflating stops at maxMessageBytes.
    PerMessageDeflateServerExtensionHandshaker deflate =
        new PerMessageDeflateServerExtensionHandshaker(6, true, 15, true, false, 15, 8, maxMessageBytes);
    for (WebSocketExtensionData offer : offers) {
      try {
        WebSocketServerExtension accepted = deflate.handshakeExtension(offer);
        if (accepted != null) {
          return accepted;
        }
      } catch (RuntimeException badParameters) {
        // an offer we can't read is an offer we decline; the next one may do
      }
    }
    return null;
  }

  private static String format(WebSocketExtensionData data) {
    StringBuilder sb = new StringBuilder(data.name());
    for (Map.Entry<String, String> p : data.parameters().entrySet()) {
      sb.append("; ").append(p.getKey());
      if (p.getValue() != null) {
        sb.append('=').append(p.getValue());
      }
    }
    return sb.toString();
  }

  /** Whether any of the comma-separated header values holds {@code token}, ignoring case. */
  private static boolean hasToken(List<String> values, String token) {
    for (String value : values) {
      for (String part : value.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }
}
