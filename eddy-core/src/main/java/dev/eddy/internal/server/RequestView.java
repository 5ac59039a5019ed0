package dev.eddy.internal.server;

import dev.eddy.HttpException;
import dev.eddy.JsonCodec;
import dev.eddy.internal.app.Route;
import dev.eddy.internal.routing.PathParams;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * RequestView is the request half of an exchange: path parameters, the query, header names and
 * the body, each decoded when first asked for, with the errors a client earns (400 for a malformed
 * query or JSON body, 415 for a wrong content type or charset). Used by one thread at a time.
 */
final class RequestView {
  private static final byte[] EMPTY = new byte[0];

  private final HttpRequest request;
  private final Route route;
  private final PathParams params;
  private final String rawQuery;
  private byte[] body = EMPTY;
  /** The body as it arrives, on a streaming-body route with a body; null otherwise. */
  private InboundBytes bodyStream;
  private Map<String, List<String>> query;

  RequestView(HttpRequest request, Route route, PathParams params, String rawQuery) {
    this.request = request;
    this.route = route;
    this.params = params;
    this.rawQuery = rawQuery;
  }

  void body(byte[] body) {
    this.body = body;
  }

  void bodyStream(InboundBytes stream) {
    this.bodyStream = stream;
  }

  InboundBytes streamedBody() {
    return bodyStream;
  }

  String param(String name) {
    List<String> names = route.paramNames();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(name)) {
        return params.get(i);
      }
    }
    throw new IllegalArgumentException("Route " + route.describe() + " has no path parameter '" + name + "'");
  }

  Map<String, String> params() {
    List<String> names = route.paramNames();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), params.get(i));
    }
    return out;
  }

  Map<String, List<String>> queryParams() {
    if (query == null) {
      if (rawQuery == null || rawQuery.isEmpty()) {
        query = Map.of();
      } else {
        try {
          query = Collections.unmodifiableMap(new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false).parameters());
        } catch (IllegalArgumentException e) {
          throw new HttpException(400, "Malformed query string: " + e.getMessage());
        }
      }
    }
    return query;
  }

  Set<String> headerNames() {
    Set<String> names = new TreeSet<>();
    for (String n : request.headers().names()) {
      names.add(n.toLowerCase(Locale.ROOT));
    }
    return Collections.unmodifiableSet(names);
  }

  byte[] body() {
    if (route.streamsBody()) {
      throw new IllegalStateException(route.describe() + " streams its request body: read ctx.bodyStream()");
    }
    return body;
  }

  InputStream bodyStream() {
    return bodyStream != null ? bodyStream : new ByteArrayInputStream(body);
  }

  String bodyAsString() {
    return new String(body(), requestCharset());
  }

  <T> T bodyAs(Class<T> type, JsonCodec json) {
    String ct = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (!isJson(ct)) {
      throw new HttpException(415, "Expected Content-Type application/json, got " + (ct == null ? "none" : "'" + ct + "'"));
    }
    byte[] bytes = body();
    if (bytes.length == 0) {
      throw new HttpException(400, "Request body is empty; expected JSON for " + type.getSimpleName());
    }
    try {
      return json.decode(bytes, type);
    } catch (IllegalArgumentException e) {
      throw new HttpException(400, e.getMessage(), e);
    }
  }

  /** Replaces the body with its decoded form, and the headers that described the coded one. */
  void decodedBody(byte[] decoded) {
    body = Objects.requireNonNull(decoded, "decoded");
    HttpHeaders h = request.headers();
    h.remove(HttpHeaderNames.CONTENT_ENCODING);
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, decoded.length);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
  }

  private Charset requestCharset() {
    String ct = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (ct != null) {
      int i = ct.toLowerCase(Locale.ROOT).indexOf("charset=");
      if (i >= 0) {
        String name = ct.substring(i + 8).split(";")[0].trim().replace("\"", "");
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new HttpException(415, "Unsupported charset '" + name + "'");
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
