package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * ResponseDraft is the response being built for one exchange, kept as plain values (status,
 * headers, a String or byte[] body, or a file) until {@link #toFull} or {@link #head} makes the
 * Netty message. So a response that is replaced or abandoned never holds, or leaks, a buffer.
 * Not thread-safe: the exchange's handler thread builds it, the loop reads it once it is final,
 * except the file, which may be dropped from any thread.
 */
final class ResponseDraft {
  /** Response headers skip Netty's per-set validation: user values are checked once, in {@link #set}. */
  private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  /** Framing for {@link #head}: a known length is given as itself. */
  static final long CHUNKED = -1, NO_BODY = -2, UNTIL_CLOSE = -3;

  private int status = 200;
  private boolean statusSet;
  private HttpHeaders headers;
  private CharSequence contentType;
  private Object content; // String or byte[]
  /** A body sent from a file, instead of {@code content}. */
  private volatile FileBody file;

  int status() {
    return status;
  }

  boolean statusSet() {
    return statusSet;
  }

  void status(int status) {
    if (status < 200 || status > 999) {
      throw new IllegalArgumentException("Response status must be 200..999, got " + status);
    }
    this.status = status;
    this.statusSet = true;
  }

  /** Sets a header, replacing earlier values; refuses names and values that would break the response. */
  void set(String name, String value) {
    check(name, value);
    headers().set(name, value);
  }

  void add(String name, String value) {
    check(name, value);
    headers().add(name, value);
  }

  void remove(String name) {
    if (headers != null) {
      headers.remove(Objects.requireNonNull(name, "name"));
    }
  }

  String get(String name) {
    if (HttpHeaderNames.CONTENT_TYPE.contentEqualsIgnoreCase(name) && contentType != null) {
      return contentType.toString();
    }
    return headers == null ? null : headers.get(name);
  }

  /** The headers set so far; created on first use. */
  HttpHeaders headers() {
    if (headers == null) {
      headers = HEADERS.newHeaders();
    }
    return headers;
  }

  /** Refuses header names and values that would break the response (header injection). */
  private static void check(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || HttpHeaderValidationUtil.validateToken(name) != -1) {
      throw new IllegalArgumentException("Invalid response header name '" + name + "'");
    }
    if (HttpHeaderValidationUtil.validateValidHeaderValue(value) != -1) {
      throw new IllegalArgumentException("Invalid character in the value of response header '" + name + "'");
    }
  }

  /** Sets the body (a String or byte[]) and its type, replacing any earlier body or file. */
  void content(Object body, CharSequence type) {
    dropFile();
    this.content = body;
    this.contentType = type;
  }

  boolean hasContent() {
    return content != null;
  }

  void contentType(CharSequence type) {
    this.contentType = type;
  }

  /** The body as bytes (text as UTF-8; a byte[] as it is), or null when none is held in memory. */
  byte[] bytes() {
    if (content instanceof byte[] b) {
      return b;
    }
    return content instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
  }

  /** The body's length when known now (bytes, text or a file), else -1. */
  long length() {
    if (content instanceof byte[] b) {
      return b.length;
    }
    if (content instanceof String s) {
      return ByteBufUtil.utf8Bytes(s);
    }
    FileBody f = file;
    return f == null ? -1 : f.count();
  }

  /** Makes {@code body} the response body, replacing any earlier one. */
  void file(FileBody body, CharSequence type) {
    dropFile();
    content = null;
    contentType = type;
    file = body;
  }

  boolean hasFile() {
    return file != null;
  }

  /** The file body, now the caller's to send, or null. */
  FileBody takeFile() {
    FileBody f = file;
    file = null;
    return f;
  }

  /** Closes a file body that will not be sent. Safe from any thread, and more than once. */
  void dropFile() {
    FileBody f = file;
    if (f != null) {
      file = null;
      f.drop();
    }
  }

  /** Forgets the status, body and content type (and the headers that described them), keeping other headers. */
  void reset() {
    dropFile();
    status = 200;
    statusSet = false;
    content = null;
    contentType = null;
    if (headers != null) {
      headers.remove(HttpHeaderNames.CONTENT_TYPE);
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
      headers.remove(HttpHeaderNames.LOCATION);
    }
  }

  /** The full response with its body; a HEAD answer gets the headers of the body it leaves out. */
  FullHttpResponse toFull(ByteBufAllocator alloc, HttpVersion version, boolean headRequest, boolean closes) {
    boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
    ByteBuf buf;
    int length;
    if (noBody || content == null) {
      buf = Unpooled.EMPTY_BUFFER;
      length = 0;
    } else if (content instanceof String s) {
      length = ByteBufUtil.utf8Bytes(s);
      if (headRequest) {
        buf = Unpooled.EMPTY_BUFFER;
      } else {
        buf = alloc.buffer(length);
        ByteBufUtil.writeUtf8(buf, s);
      }
    } else {
      byte[] b = (byte[]) content;
      length = b.length;
      buf = headRequest ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(b);
    }
    HttpHeaders h = head(noBody ? NO_BODY : length, version, headRequest, closes);
    return new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status), buf, h, EmptyHttpHeaders.INSTANCE);
  }

  /**
   * The headers with framing added: {@code contentLength}, or {@link #CHUNKED}, {@link #NO_BODY},
   * {@link #UNTIL_CLOSE}; {@code Date}; {@code Connection} when it closes (or keeps an HTTP/1.0
   * connection alive).
   */
  HttpHeaders head(long contentLength, HttpVersion version, boolean headRequest, boolean closes) {
    HttpHeaders h = headers();
    if (contentType != null && contentLength != NO_BODY) {
      h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    if (contentLength > Integer.MAX_VALUE) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(contentLength));
    } else if (contentLength >= 0) {
      h.setInt(HttpHeaderNames.CONTENT_LENGTH, (int) contentLength);
    } else if (contentLength == CHUNKED && !headRequest) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    h.set(HttpHeaderNames.DATE, DateHeader.now());
    if (closes) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (version == HttpVersion.HTTP_1_0) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return h;
  }
}
