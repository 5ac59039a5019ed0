package dev.eddy.internal.server;

import dev.eddy.Connection;
import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Key;
import dev.eddy.internal.app.AppHandler;
import dev.eddy.internal.app.Exchange;
import dev.eddy.internal.app.ProtocolSwitch;
import dev.eddy.internal.app.Route;
import dev.eddy.internal.app.StreamEncoder;
import dev.eddy.internal.routing.PathParams;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

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
  /** The request side: query, headers and body, decoded on demand. */
  private final RequestView req;

  private static final VarHandle STATE;
  private static final VarHandle ASYNC_PHASE;
  private static final VarHandle CLOSE_DECISION;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(HttpExchange.class, "state", int.class);
      ASYNC_PHASE = lookup.findVarHandle(HttpExchange.class, "asyncPhase", int.class);
      CLOSE_DECISION = lookup.findVarHandle(HttpExchange.class, "closeDecision", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** RUNNING, STREAMING, DONE or TIMED_OUT; changed only by compare-and-set (a VarHandle, not an object per request). */
  private volatile int state = RUNNING;
  volatile long startedNanos;
  volatile Thread thread;

  /** The response being built, as plain values until the loop writes it. */
  private final ResponseDraft response = new ResponseDraft();
  /** HTTP/1.0 has no chunked encoding: a streamed body there ends when the connection closes. */
  private boolean closeDelimited;
  private volatile boolean asyncPending;
  private volatile CompletionStage<?> asyncStage;
  /** 0 while the chain runs, 1 once it returned with a stage pending, 2 if the stage beat it. */
  private volatile int asyncPhase;
  /** Whether the connection closes after this response (a Boolean), once decided; see closesConnection(). */
  private volatile Object closeDecision;
  private Object earlyValue;
  private Throwable earlyError;
  private ChunkedOutput stream;
  private ProtocolSwitch protocolSwitch;
  private EventStream eventStream;
  private Map<Key<?>, Object> attributes;
  private StreamEncoder streamEncoder;
  private volatile List<Runnable> doneCallbacks;

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
    this.req = new RequestView(request, route, params, rawQuery);
  }

  int state() {
    return state;
  }

  boolean casState(int expected, int next) {
    if (!STATE.compareAndSet(this, expected, next)) {
      return false;
    }
    if (next == TIMED_OUT) {
      response.dropFile(); // the bridge answers 503 itself; a file set by the handler is never sent
    }
    if ((next == DONE || next == TIMED_OUT) && doneCallbacks != null) {
      for (Runnable callback : doneCallbacks) {
        try {
          callback.run();
        } catch (RuntimeException e) {
          LoggerFactory.getLogger(HttpExchange.class).warn("Response-done callback failed", e);
        }
      }
    }
    return true;
  }

  void body(byte[] body) {
    req.body(body);
  }

  void bodyStream(InboundBytes stream) {
    req.bodyStream(stream);
  }

  /** The streamed body still arriving, or null. */
  InboundBytes streamedBody() {
    return req.streamedBody();
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
    response.reset();
  }

  @Override
  public String rawQuery() {
    return rawQuery;
  }

  @Override
  public javax.net.ssl.SSLSession tlsSession() {
    io.netty.handler.ssl.SslHandler tls = bridge.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class);
    return tls == null ? null : tls.engine().getSession();
  }

  @Override
  public void abort() {
    if (stream != null) {
      stream.abort();
    } else {
      bridge.abortConnection();
    }
  }

  // ---- request (RequestView) ----

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
    return req.param(name);
  }

  @Override
  public Map<String, String> params() {
    return req.params();
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
    return req.queryParams();
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
    return req.headerNames();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) bridge.channel().remoteAddress();
  }

  @Override
  public byte[] body() {
    return req.body();
  }

  @Override
  public java.io.InputStream bodyStream() {
    return req.bodyStream();
  }

  @Override
  public String bodyAsString() {
    return req.bodyAsString();
  }

  @Override
  public <T> T bodyAs(Class<T> type) {
    return req.bodyAs(type, bridge.app().json());
  }

  // ---- response ----

  @Override
  public Context status(int status) {
    checkNotCommitted();
    response.status(status);
    return this;
  }

  @Override
  public int status() {
    return state == TIMED_OUT ? 503 : response.status();
  }

  @Override
  public Context header(String name, String value) {
    checkNotCommitted();
    response.set(name, value);
    return this;
  }

  @Override
  public Context addHeader(String name, String value) {
    checkNotCommitted();
    response.add(name, value);
    return this;
  }

  @Override
  public void removeHeader(String name) {
    checkNotCommitted();
    response.remove(name);
  }

  @Override
  public dev.eddy.JsonCodec json() {
    return bridge.app().json();
  }

  @Override
  public String responseHeader(String name) {
    return response.get(name);
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
    response.content(body, type);
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
    checkNotCommitted();
    response.file(null, Objects.requireNonNull(contentType, "contentType"));
    UnaryOperator<OutputStream> encoding = streamEncoder == null ? null : streamEncoder.begin(this);
    if (!casState(RUNNING, STREAMING)) {
      throw new IllegalStateException("The response has already started or ended");
    }
    closeDelimited = request.protocolVersion() == HttpVersion.HTTP_1_0;
    stream = new ChunkedOutput(bridge, this, streamHead());
    return encoding == null ? stream : stream.encodedBy(encoding.apply(stream));
  }

  @Override
  public dev.eddy.sse.SseClient openEventStream(dev.eddy.sse.SseOptions options) {
    if (!casState(RUNNING, STREAMING)) {
      throw new IllegalStateException("The response has already started or ended");
    }
    closeDelimited = request.protocolVersion() == HttpVersion.HTTP_1_0;
    response.contentType(EVENT_STREAM);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache").set("X-Accel-Buffering", "no");
    eventStream = new EventStream(bridge, this, options);
    eventStream.start(streamHead());
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
    asyncStage = stage;
    stage.whenComplete((value, error) -> {
      earlyValue = value;
      earlyError = error;
      if (!ASYNC_PHASE.compareAndSet(this, 0, 2)) {
        bridge.asyncCompleted(this, value, error);
      }
    });
    return this;
  }

  @Override
  public CompletionStage<?> pendingStage() {
    return asyncPending ? asyncStage : null;
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
    if (response.hasContent()) {
      return;
    }
    if (value == null) {
      if (!response.statusSet()) {
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
    HttpHeaders h = response.headers();
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
    return response.hasContent() || response.statusSet() || response.hasFile() || asyncPending || stream != null
        || protocolSwitch != null || eventStream != null;
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

  // ---- for the toolkit middleware ----

  @Override
  public String target() {
    return request.uri();
  }

  @Override
  public String protocol() {
    return request.protocolVersion().text();
  }

  @Override
  public long maxBodyBytes() {
    return bridge.maxBodyBytes();
  }

  @Override
  public void decodedBody(byte[] decoded) {
    req.decodedBody(decoded);
  }

  @Override
  public byte[] responseBody() {
    return response.bytes();
  }

  @Override
  public long responseLength() {
    return response.length();
  }

  @Override
  public void sendFile(FileChannel channel, long position, long count, String type) {
    Objects.requireNonNull(channel, "file");
    if (type == null || state != RUNNING) {
      FileBody.closeQuietly(channel);
      throw type == null ? new NullPointerException("contentType")
          : new IllegalStateException("The response has already been sent");
    }
    response.file(FileBody.of(channel, position, count), type);
    if (state != RUNNING) {
      response.dropFile(); // timed out meanwhile: nobody will send it
    }
  }

  @Override
  public void streamEncoder(StreamEncoder encoder) {
    this.streamEncoder = Objects.requireNonNull(encoder, "encoder");
  }

  @Override
  public void onDone(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    if (doneCallbacks == null) {
      doneCallbacks = new CopyOnWriteArrayList<>();
    }
    doneCallbacks.add(callback);
  }

  boolean hasFile() {
    return response.hasFile();
  }

  /** Closes a file body that will not be sent. Safe from any thread, and more than once. */
  void dropFile() {
    response.dropFile();
  }

  /** The messages of a file response: the head, the file region (none for HEAD), the end. Loop only. */
  List<Object> toFileResponse() {
    FileBody f = response.takeFile();
    long length = f == null ? 0 : f.count();
    HttpResponse head = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.valueOf(response.status()),
        response.head(length, request.protocolVersion(), this.head, closesConnection()));
    return f == null ? List.of(head, io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT)
        : f.messages(head, this.head, tlsSession() == null);
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

  /**
   * Whether the connection closes after this response. Once the response is final (DONE) the answer
   * is fixed by whoever asks first: the handler's thread (which stops running pipelined requests)
   * and the loop (which writes {@code Connection: close}) may ask at different moments, and a
   * streamed body that ends between the two must not make them disagree.
   */
  boolean closesConnection() {
    Object fixed = closeDecision;
    if (fixed != null) {
      return (Boolean) fixed;
    }
    boolean closes = !keepAlive || closeDelimited || eventStream != null || bridge.draining() || announcesSwitch()
        || (req.streamedBody() != null && !req.streamedBody().ended()); // the rest of an unread body can't be skipped safely
    if (state == DONE) {
      CLOSE_DECISION.compareAndSet(this, null, closes);
      return (Boolean) closeDecision;
    }
    return closes;
  }

  /** Builds the full response; call once the chain is done and nothing streamed. */
  FullHttpResponse toResponse(ByteBufAllocator alloc) {
    return response.toFull(alloc, request.protocolVersion(), head, closesConnection());
  }

  /** The head of a streamed response (chunked, or until close on HTTP/1.0), with the status set so far. */
  private HttpResponse streamHead() {
    return new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.valueOf(response.status()),
        response.head(closeDelimited ? ResponseDraft.UNTIL_CLOSE : ResponseDraft.CHUNKED, request.protocolVersion(),
            head, closesConnection()));
  }
}
