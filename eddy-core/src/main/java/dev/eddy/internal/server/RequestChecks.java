package dev.eddy.internal.server;

import dev.eddy.ServerOptions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
import java.util.List;

/**
 * RequestChecks holds the rules Eddy adds on top of Netty's parser, mostly against request
 * smuggling: one framing for the body, a Host header where HTTP/1.1 needs it, a known version, a
 * request target of URI characters, no tunnels (CONNECT, PRI *), and the header count limit.
 */
final class RequestChecks {
  private RequestChecks() {}

  /** Problem is why a request is refused, with the status to answer. */
  record Problem(int status, String reason) {}

  /** The problem with this request's head, or null when it is acceptable. */
  static Problem check(HttpRequest request, ServerOptions options) {
    HttpVersion version = request.protocolVersion();
    if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
      return new Problem(505, "HTTP version not supported: " + version.text());
    }
    // The target's characters were checked with the rest of the head (HeadGrammar).
    String target = request.uri();
    HttpHeaders headers = request.headers();
    if (headers.size() > options.maxHeaderCount()) {
      return new Problem(431, "Too many header fields (limit " + options.maxHeaderCount() + ")");
    }
    Iterator<String> hosts = headers.valueStringIterator(HttpHeaderNames.HOST);
    if (!hosts.hasNext()) {
      if (version == HttpVersion.HTTP_1_1) {
        return new Problem(400, "HTTP/1.1 request without a Host header");
      }
    } else {
      hosts.next();
      if (hosts.hasNext()) {
        return new Problem(400, "More than one Host header");
      }
    }
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        return new Problem(400, "Both Content-Length and Transfer-Encoding");
      }
      if (version == HttpVersion.HTTP_1_0) {
        return new Problem(400, "Transfer-Encoding in an HTTP/1.0 request");
      }
      if (encodings.size() != 1 || !encodings.get(0).trim().equalsIgnoreCase("chunked")) {
        return new Problem(400, "Unsupported Transfer-Encoding; only 'chunked' is accepted");
      }
    }
    if (headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY1) && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY2)) {
      // Netty frames a hixie-76 handshake (GET with both keys) as 8 body bytes that RFC 9112 6.3 says
      // are not there: a proxy would read them as the next request.
      return new Problem(400, "Obsolete WebSocket handshake (Sec-WebSocket-Key1/Key2)");
    }
    if (target.equals("*") && !request.method().name().equals("OPTIONS")) {
      // Only OPTIONS may name the server as a whole (RFC 9112 3.2.4); closing keeps the frames after
      // an HTTP/2 preface ("PRI * ...") from being read as requests.
      return new Problem(400, "'*' is only for OPTIONS");
    }
    if (request.method().name().equals("CONNECT")) {
      // An origin server, not a proxy (RFC 9110 9.3.6); the close keeps tunnel bytes from being read as requests.
      return new Problem(501, "CONNECT is not supported");
    }
    return null;
  }

  /**
   * The path of a request target: origin-form ({@code /a?b}) as is, absolute-form
   * ({@code http://host/a}) reduced to its path, {@code *} kept; null for anything else.
   */
  static String pathOf(String target) {
    if (target.startsWith("/")) {
      return target.indexOf('#') >= 0 ? null : target;
    }
    if (target.equals("*")) {
      return target;
    }
    String lower = target.length() > 8 ? target.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : target.toLowerCase(java.util.Locale.ROOT);
    int scheme = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
    if (scheme < 0) {
      return null;
    }
    int slash = target.indexOf('/', scheme);
    return slash < 0 ? "/" : pathOf(target.substring(slash));
  }
}
