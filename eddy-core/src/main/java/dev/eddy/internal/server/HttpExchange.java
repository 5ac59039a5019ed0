package dev.eddy.internal.server;

import dev.eddy.Connection;
import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Key;
import dev.eddy.internal.app.AppHandler;
import dev.eddy.internal.app.Exchange;
import dev.eddy.internal.app.ProtocolSwitch;
import dev.eddy.internal.app.Route;
import dev.eddy.internal.routing.PathParams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * HttpExchange is the {@link Context} of one request on a Netty connection. The response is kept
 * as plain values (no buffers) until {@link #toResponse} builds the Netty message, so a response
 * that is replaced or abandoned never leaks a buffer.
 */
final class HttpExchange implements Exchange {
  static final AsciiString TEXT_UTF8 = AsciiString.cached("text/plain; charset=utf-8");
  static final AsciiString HTML_UTF8 = AsciiString.cached("text/html; charset=utf-8");
  static final AsciiString JSON = AsciiString.cached("application/json");
  static final AsciiString EVENT_STREAM = AsciiString.cached("text/event-stream; charset=utf-8");
  private static final byte[] EMPTY = new byte[0];
  /** Response headers skip Netty's per-set validation: user values are checked once in header(). */
  private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  /** Lifecycle: RUNNING until a response is final; TIMED_OUT and DONE are terminal. */
  static final int RUNNING = 0, STREAMING = 1, DONE = 2, TIMED_OUT = 3;

  final HttpBridge bridge;
  final HttpRequest request;
  final boolean keepAlive;
  final boolean head;
  private final Route route;
  private final PathParams params;
  private final String rawPath;
  private final String rawQuery;
  private byte[] body = EMPTY;
  /** The body as it arrives, on a streaming-body route with a body; null otherwise. */
  private InboundBytes bodyStream;

  private static final VarHandle STATE;
  private static final VarHandle ASYNC_PHASE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(HttpExchange.class, "state", int.class);
      ASYNC_PHASE = lookup.findVarHandle(HttpExchange.class, "asyncPhase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** RUNNING, STREAMING, DONE or TIMED_OUT; changed only by compare-and-set (a VarHandle, not an object per request). */
  private volatile int state = RUNNING;
  volatile long startedNanos;
  volatile Thread thread;

  private int status = 200;
  private HttpHeaders responseHeaders;
  private CharSequence contentType;
  private Object content; // String or byte[]
  private boolean statusSet;
  /** HTTP/1.0 has no chunked encoding: a streamed body there ends when the connection closes. */
  private boolean closeDelimited;
  private volatile boolean asyncPending;
  /** 0 while the chain runs, 1 once it returned with a stage pending, 2 if the stage beat it. */
  private volatile int asyncPhase;
  private Object earlyValue;
  private Throwable earlyError;
  private ChunkedOutput stream;
  private ProtocolSwitch protocolSwitch;
  private EventStream eventStream;
  private Map<Key<?>, Object> attributes;
  private Map<String, List<String>> query;

  HttpExchange(HttpBridge bridge, HttpRequest request, String rawPath, String rawQuery,
               AppHandler.Lookup lookup, boolean keepAlive) {
    this.bridge = bridge;
    this.request = request;
    this.rawPath = rawPath;
    this.rawQuery = rawQuery;
    this.route = lookup.route();
    this.params = lookup.params();
    this.head = lookup.head() || "HEAD".equals(request.method().name()) ;
    this.keepAlive = keepAlive;
  }

  int state() {
    return state;
  }

  boolean casState(int expected, int next) {
    return STATE.compareAndSet(this, expected, next);
  }

  void body(byte[] body) {
    this.body = body;
  }

  void bodyStream(InboundBytes stream) {
    this.bodyStream = stream;
  }

  /** The streamed body still arriving, or null. */
  InboundBytes streamedBody() {
    return bodyStream;
  }

  // ---- Exchange ----

  @Override
  public Route route() {
    return route;
  }

  @Override
  public boolean committed() {
    int s = state;
    return s == STREAMING || s == TIMED_OUT;
  }

  @Override
  public boolean asyncPending() {
    return asyncPending;
  }

  @Override
  public void resetResponse() {
    protocolSwitch = null;
    status = 200;
    statusSet = false;
    content = null;
    contentType = null;
    if (responseHeaders != null) {
      responseHeaders.remove(HttpHeaderNames.CONTENT_TYPE);
      responseHeaders.remove(HttpHeaderNames.CONTENT_LENGTH);
      responseHeaders.remove(HttpHeaderNames.LOCATION);
    }
  }

  @Override
  public void abort() {
    if (stream != null) {
      stream.abort();
    } else {
      bridge.abortConnection();
    }
  }

  // ---- request ----

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return rawPath;
  }

  @Override
  public String routePattern() {
    return route.pattern();
  }

  @Override
  public String param(String name) {
    List<String> names = route.paramNames();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(name)) {
        return params.get(i);
      }
    }
    throw new IllegalArgumentException("Route " + route.describe() + " has no path parameter '" + name + "'");
  }

  @Override
  public Map<String, String> params() {
    List<String> names = route.paramNames();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), params.get(i));
    }
    return out;
  }

  @Override
  public String query(String name) {
    List<String> values = queryParams().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public List<String> queries(String name) {
    return queryParams().getOrDefault(name, List.of());
  }

  @Override
  public Map<String, List<String>> queryParams() {
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

  @Override
  public String header(String name) {
    return request.headers().get(name);
  }

  @Override
  public List<String> headers(String name) {
    return request.headers().getAll(name);
  }

  @Override
  public Set<String> headerNames() {
    Set<String> names = new TreeSet<>();
    for (String n : request.headers().names()) {
      names.add(n.toLowerCase(Locale.ROOT));
    }
    return Collections.unmodifiableSet(names);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) bridge.channel().remoteAddress();
  }

  @Override
  public byte[] body() {
    if (route.streamsBody()) {
      throw new IllegalStateException(route.describe() + " streams its request body: read ctx.bodyStream()");
    }
    return body;
  }

  @Override
  public java.io.InputStream bodyStream() {
    if (bodyStream != null) {
      return bodyStream;
    }
    return new java.io.ByteArrayInputStream(body);
  }

  @Override
  public String bodyAsString() {
    return new String(body(), requestCharset());
  }

  @Override
  public <T> T bodyAs(Class<T> type) {
    String ct = header("Content-Type");
    if (!isJson(ct)) {
      throw new HttpException(415, "Expected Content-Type application/json, got " + (ct == null ? "none" : "'" + ct + "'"));
    }
    byte[] body = body();
    if (body.length == 0) {
      throw new HttpException(400, "Request body is empty; expected JSON for " + type.getSimpleName());
    }
    try {
      return bridge.app().json().decode(body, type);
    } catch (IllegalArgumentException e) {
      throw new HttpException(400, e.getMessage(), e);
    }
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
    String ct = header("Content-Type");
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

  // ---- response ----

  @Override
  public Context status(int status) {
    if (status < 200 || status > 999) {
      throw new IllegalArgumentException("Response status must be 200..999, got " + status);
    }
    checkNotCommitted();
    this.status = status;
    this.statusSet = true;
    return this;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public Context header(String name, String value) {
    checkNotCommitted();
    checkHeader(name, value);
    responseHeaders().set(name, value);
    return this;
  }

  @Override
  public Context addHeader(String name, String value) {
    checkNotCommitted();
    checkHeader(name, value);
    responseHeaders().add(name, value);
    return this;
  }

  /** Refuses header names and values that would break the response (header injection). */
  private static void checkHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || HttpHeaderValidationUtil.validateToken(name) != -1) {
      throw new IllegalArgumentException("Invalid response header name '" + name + "'");
    }
    if (HttpHeaderValidationUtil.validateValidHeaderValue(value) != -1) {
      throw new IllegalArgumentException("Invalid character in the value of response header '" + name + "'");
    }
  }

  @Override
  public void removeHeader(String name) {
    checkNotCommitted();
    if (responseHeaders != null) {
      responseHeaders.remove(Objects.requireNonNull(name, "name"));
    }
  }

  @Override
  public dev.eddy.JsonCodec json() {
    return bridge.app().json();
  }

  @Override
  public String responseHeader(String name) {
    if (HttpHeaderNames.CONTENT_TYPE.contentEqualsIgnoreCase(name) && contentType != null) {
      return contentType.toString();
    }
    return responseHeaders == null ? null : responseHeaders.get(name);
  }

  private HttpHeaders responseHeaders() {
    if (responseHeaders == null) {
      responseHeaders = HEADERS.newHeaders();
    }
    return responseHeaders;
  }

  @Override
  public Context text(String body) {
    return content(Objects.requireNonNull(body, "body"), TEXT_UTF8);
  }

  @Override
  public Context html(String body) {
    return content(Objects.requireNonNull(body, "body"), HTML_UTF8);
  }

  @Override
  public Context json(Object value) {
    return content(bridge.app().json().encode(value), JSON);
  }

  @Override
  public Context bytes(byte[] body, String contentType) {
    return content(Objects.requireNonNull(body, "body"), Objects.requireNonNull(contentType, "contentType"));
  }

  private Context content(Object body, CharSequence type) {
    checkNotCommitted();
    this.content = body;
    this.contentType = type;
    return this;
  }

  @Override
  public Context redirect(String location) {
    return redirect(location, 302);
  }

  @Override
  public Context redirect(String location, int status) {
    if (status < 300 || status > 399) {
      throw new IllegalArgumentException("Redirect status must be 3xx, got " + status);
    }
    status(status);
    header("Location", Objects.requireNonNull(location, "location"));
    return content("", TEXT_UTF8);
  }

  @Override
  public OutputStream stream(String contentType) {
    if (route.onEventLoop()) {
      throw new IllegalStateException("stream() blocks and needs a virtual-thread route; "
          + route.describe() + " runs on the event loop");
    }
    if (!casState(RUNNING, STREAMING)) {
      throw new IllegalStateException("The response has already started or ended");
    }
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    closeDelimited = request.protocolVersion() == HttpVersion.HTTP_1_0;
    HttpResponse headers = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.valueOf(status),
        finalHeaders(closeDelimited ? -3 : -1));
    stream = new ChunkedOutput(bridge, this, headers);
    return stream;
  }

  @Override
  public dev.eddy.sse.SseClient openEventStream(dev.eddy.sse.SseOptions options) {
    if (!casState(RUNNING, STREAMING)) {
      throw new IllegalStateException("The response has already started or ended");
    }
    closeDelimited = request.protocolVersion() == HttpVersion.HTTP_1_0;
    contentType = EVENT_STREAM;
    responseHeaders().set(HttpHeaderNames.CACHE_CONTROL, "no-cache").set("X-Accel-Buffering", "no");
    HttpResponse head = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.valueOf(status),
        finalHeaders(closeDelimited ? -3 : -1));
    eventStream = new EventStream(bridge, this, options);
    eventStream.start(head);
    return eventStream;
  }

  boolean hasEventStream() {
    return eventStream != null;
  }

  @Override
  public Context async(CompletionStage<?> stage) {
    Objects.requireNonNull(stage, "stage");
    checkNotCommitted();
    if (asyncPending) {
      throw new IllegalStateException("async() was already called for this request");
    }
    asyncPending = true;
    stage.whenComplete((value, error) -> {
      earlyValue = value;
      earlyError = error;
      if (!ASYNC_PHASE.compareAndSet(this, 0, 2)) {
        bridge.asyncCompleted(this, value, error);
      }
    });
    return this;
  }

  /**
   * Called once the chain has returned with a stage pending: true if the stage is still running
   * (its completion will come through the bridge), false if it completed while the chain ran, in
   * which case {@link #earlyValue()} / {@link #earlyError()} hold its result.
   */
  boolean awaitAsync() {
    return ASYNC_PHASE.compareAndSet(this, 0, 1);
  }

  Object earlyValue() {
    return earlyValue;
  }

  Throwable earlyError() {
    return earlyError;
  }

  /** Sets the result of a completed stage as the body, unless the handler already set one. */
  void asyncResult(Object value) {
    asyncPending = false;
    if (content != null) {
      return;
    }
    if (value == null) {
      if (!statusSet) {
        status(204);
      }
    } else if (value instanceof String s) {
      text(s);
    } else if (value instanceof byte[] b) {
      bytes(b, "application/octet-stream");
    } else {
      json(value);
    }
  }

  void asyncFailed() {
    asyncPending = false;
  }

  @Override
  public void upgrade(String protocol, Connection.Handler handler) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(handler, "handler");
    if (!hasToken(header("Upgrade"), protocol) || !hasToken(header("Connection"), "upgrade")) {
      throw new HttpException(400, "This endpoint needs 'Connection: Upgrade' and 'Upgrade: " + protocol + "'");
    }
    header("Upgrade", protocol);
    header("Connection", "Upgrade");
    switchProtocols(new RawSwitch(true, handler));
  }

  @Override
  public void takeover(Connection.Handler handler) {
    switchProtocols(new RawSwitch(false, Objects.requireNonNull(handler, "handler")));
  }

  @Override
  public void switchProtocols(ProtocolSwitch protocolSwitch) {
    checkNotCommitted();
    if (request.protocolVersion() != HttpVersion.HTTP_1_1) {
      throw new HttpException(400, "Switching protocols needs HTTP/1.1");
    }
    this.protocolSwitch = Objects.requireNonNull(protocolSwitch, "protocolSwitch");
  }

  ProtocolSwitch pendingSwitch() {
    return protocolSwitch;
  }

  /** The 101 response for a protocol switch: the headers set so far, no body, no framing. */
  HttpResponse toSwitchingResponse() {
    HttpHeaders h = responseHeaders();
    h.set(HttpHeaderNames.DATE, DateHeader.now());
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
        Unpooled.EMPTY_BUFFER, h, EmptyHttpHeaders.INSTANCE);
  }

  /** Whether a comma-separated header value holds {@code token}, ignoring case. */
  static boolean hasToken(String headerValue, String token) {
    if (headerValue == null) {
      return false;
    }
    for (String part : headerValue.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean responded() {
    return content != null || statusSet || asyncPending || stream != null || protocolSwitch != null
        || eventStream != null;
  }

  ChunkedOutput streamOutput() {
    return stream;
  }

  private void checkNotCommitted() {
    if (state != RUNNING) {
      throw new IllegalStateException("The response has already been sent");
    }
  }

  // ---- attributes ----

  @Override
  @SuppressWarnings("unchecked")
  public <T> T attr(Key<T> key) {
    return attributes == null ? null : (T) attributes.get(key);
  }

  @Override
  public <T> Context attr(Key<T> key, T value) {
    Objects.requireNonNull(key, "key");
    if (attributes == null) {
      attributes = new IdentityHashMap<>(4);
    }
    attributes.put(key, value);
    return this;
  }

  // ---- building the Netty response ----

  /**
   * Whether the request announced a protocol switch ({@code Connection: upgrade}, or CONNECT):
   * HTTP decoding stops behind it, and the connection closes unless the handler switches.
   */
  boolean announcesSwitch() {
    return hasToken(request.headers().get(HttpHeaderNames.CONNECTION), "upgrade")
        || "CONNECT".equals(request.method().name());
  }

  /** Whether the connection closes after this response. */
  boolean closesConnection() {
    return !keepAlive || closeDelimited || eventStream != null || bridge.draining() || announcesSwitch()
        || (bodyStream != null && !bodyStream.ended()); // the rest of an unread body can't be skipped safely
  }

  /** Builds the full response; call once the chain is done and nothing streamed. */
  FullHttpResponse toResponse(ByteBufAllocator alloc) {
    boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
    ByteBuf buf;
    int length;
    if (noBody || content == null) {
      buf = Unpooled.EMPTY_BUFFER;
      length = 0;
    } else if (content instanceof String s) {
      length = ByteBufUtil.utf8Bytes(s);
      if (head) {
        buf = Unpooled.EMPTY_BUFFER;
      } else {
        buf = alloc.buffer(length);
        ByteBufUtil.writeUtf8(buf, s);
      }
    } else {
      byte[] b = (byte[]) content;
      length = b.length;
      buf = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(b);
    }
    HttpHeaders headers = finalHeaders(noBody ? -2 : length);
    return new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.valueOf(status), buf,
        headers, EmptyHttpHeaders.INSTANCE);
  }

  /** The response headers with framing added: a length, -1 chunked, -2 no body, -3 until close. */
  private HttpHeaders finalHeaders(int contentLength) {
    HttpHeaders h = responseHeaders();
    if (contentType != null && contentLength != -2) {
      h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    if (contentLength >= 0) {
      h.setInt(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    } else if (contentLength == -1 && !head) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    h.set(HttpHeaderNames.DATE, DateHeader.now());
    if (closesConnection()) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return h;
  }
}
