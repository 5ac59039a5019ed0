package dev.eddy.internal.server;

import dev.eddy.internal.app.AppHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HttpBridge hands the requests of one connection to the app and writes the responses back, in
 * request order (HTTP/1.1 pipelining). One instance per connection; its fields are confined to the
 * connection's event loop unless marked volatile.
 *
 * <p>Requests queue in {@code waiting}. An event-loop route runs inline. Virtual-thread routes run
 * in batches: every request read by the time the read completes goes to one virtual thread, which
 * handles them in order and queues the responses with its {@link ResponseWriter}; the loop writes them and
 * flushes once per batch. Only one request per connection runs at a time, which keeps the order.
 */
final class HttpBridge extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HttpBridge.class);
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("eddy-handler").factory();

  private final ServerState server;
  private ChannelHandlerContext ctx;
  private EventLoop loop;
  private LoopHandoff handoff;

  private RequestReader reader;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private ResponseWriter writer;
  private volatile HttpExchange running;
  private boolean batchRunning;
  private boolean dispatching;
  private boolean inRead;
  private boolean rejected;
  private volatile boolean closing;
  private boolean switched;
  /** The client half-closed: answer what it sent, then close. */
  private boolean inputShutdown;
  /** Once an event stream starts, the connection serves only it: no more requests, no idle timeout. */
  private volatile boolean eventStream;
  /** After a request that announced a switch, raw bytes wait here for the new protocol. */
  private final ProtocolHandover handover = new ProtocolHandover();
  /** Closing gently after the last response: what still arrives is read and discarded. */
  private final LingeringClose linger = new LingeringClose();
  private volatile boolean closed;
  private long requestStartNanos;
  private long lastActivityNanos;
  /** A streamed body's reader is behind: reading waits for it. */
  private boolean bodyPaused;
  /** A streamed body went wrong: nothing more is read from this connection. */
  private boolean discarding;

  /** Rejection is a request refused before any handler ran; it is answered in turn and closes. */
  private record Rejection(int status, String reason, boolean head) {}

  HttpBridge(ServerState server) {
    this.server = server;
  }

  AppHandler app() {
    return server.app();
  }

  long maxBodyBytes() {
    return server.options().maxBodyBytes();
  }

  Channel channel() {
    return ctx.channel();
  }

  boolean draining() {
    return server.draining();
  }

  // ---- inbound ----

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.loop = ctx.channel().eventLoop();
    this.handoff = server.handoff(loop);
    this.lastActivityNanos = System.nanoTime();
    this.writer = new ResponseWriter(ctx, writerConnection);
    this.reader = new RequestReader(this, server.options(), requestSink);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    server.sweeper(loop).add(this);
    super.channelActive(ctx);
  }

  /** Called by the codec on every read, before it decodes. */
  void bytesArrived() {
    lastActivityNanos = System.nanoTime();
    if (!reader.midRequest() && requestStartNanos == 0) {
      requestStartNanos = lastActivityNanos;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (linger.active()) {
      linger.discard(ctx, msg);
      return;
    }
    if (switched) {
      ctx.fireChannelRead(msg); // raw bytes on their way to the new protocol
      return;
    }
    if (handover.holding() && msg instanceof ByteBuf bytes) {
      if (!handover.hold(bytes)) {
        log.debug("Too much data before the protocol switch on {}", ctx.channel());
        abortConnection();
      }
      return;
    }
    if (eventStream) {
      ReferenceCountUtil.release(msg); // a client of an event stream has nothing more to say
      return;
    }
    inRead = true;
    if (rejected || closing || discarding) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (msg instanceof HttpRequest request) {
        requestStartNanos = 0;
        reader.onRequest(ctx, request);
      }
      if (msg instanceof HttpContent content) {
        reader.onContent(content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (switched) {
      ctx.fireChannelReadComplete();
      return;
    }
    inRead = false;
    dispatch();
    if (!switched) {
      writer.flushIfNeeded();
    }
  }

  /** What the request reader hands over: requests to run, refusals, and reading switches. */
  private final RequestReader.Sink requestSink = new RequestReader.Sink() {
    @Override
    public void accept(HttpExchange exchange) {
      enqueue(exchange);
    }

    @Override
    public void refuse(int status, String reason, boolean head) {
      reject(status, reason, head);
    }

    @Override
    public void switchAnnounced() {
      handover.stopDecoding(ctx); // if the handler does not switch, the connection closes after its response
    }

    @Override
    public void stopReading() {
      discarding = true;
      ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void bodyBackpressure(boolean paused) {
      if (paused) { // on the loop, as the reader offers a chunk
        bodyPaused = true;
        ctx.channel().config().setAutoRead(false);
      } else { // on the handler's thread, as it reads
        execute(() -> {
          bodyPaused = false;
          resumeReadingIfAllowed();
        }, null);
      }
    }
  };

  private void enqueue(Object entry) {
    waiting.add(entry);
    if (waiting.size() >= server.options().maxPipelinedRequests()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void reject(int status, String reason) {
    reject(status, reason, false);
  }

  /** Refuses the request being read; {@code head} when it was a HEAD request (no body then). */
  private void reject(int status, String reason, boolean head) {
    rejected = true;
    reader.drop();
    enqueue(new Rejection(status, reason, head));
    dispatch();
  }

  // ---- dispatch ----

  /** Starts the next queued requests when nothing is running. Loop only; never re-entered. */
  private void dispatch() {
    if (dispatching) {
      return; // an inline request finished inside this loop; it goes on from here
    }
    dispatching = true;
    try {
      dispatchQueued();
    } finally {
      dispatching = false;
    }
  }

  private void dispatchQueued() {
    while (!batchRunning && running == null && !closing && !eventStream) {
      Object next = waiting.poll();
      if (next == null) {
        break;
      }
      if (next instanceof Rejection r) {
        writeRejection(r);
        return;
      }
      HttpExchange ex = (HttpExchange) next;
      if (ex.route().onEventLoop()) {
        runOnLoop(ex);
        continue;
      }
      if (inRead) {
        // Wait for the read to complete, so pipelined requests go to one virtual thread together.
        waiting.addFirst(ex);
        break;
      }
      List<HttpExchange> batch = new java.util.ArrayList<>(waiting.size() + 1);
      batch.add(ex);
      while (waiting.peek() instanceof HttpExchange more) {
        batch.add(more);
        waiting.poll();
      }
      batchRunning = true;
      handoff.start(back -> runBatch(batch, back));
    }
    resumeReadingIfAllowed();
    if (inputShutdown && !closing && !switched && isIdle()) {
      closing = true;
      closeAfterWrites();
    }
  }

  /** Turns reading back on unless something still holds it off. Loop only. */
  private void resumeReadingIfAllowed() {
    if (!closing && !rejected && !discarding && !bodyPaused && !handover.holding() && !ctx.channel().config().isAutoRead()
        && waiting.size() < server.options().maxPipelinedRequests() / 2) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void runOnLoop(HttpExchange ex) {
    running = ex;
    ex.startedNanos = lastActivityNanos; // the time of the read it came in; one clock read per read
    if (!runChain(ex)) {
      finish(ex);
    }
  }

  /** Runs a batch on a virtual thread, in order, stopping at an async response or a close. */
  private void runBatch(List<HttpExchange> batch, LoopHandoff.Return back) {
    int i = 0;
    try {
      for (; i < batch.size() && !closing; i++) {
        HttpExchange ex = batch.get(i);
        ex.thread = Thread.currentThread();
        ex.startedNanos = System.nanoTime();
        running = ex;
        boolean pending = runChain(ex);
        if (ex.hasEventStream() && ex.state() == HttpExchange.STREAMING) {
          running = null;
          break; // the stream outlives the handler; nothing else runs on this connection
        }
        if (pending) {
          List<HttpExchange> rest = List.copyOf(batch.subList(i + 1, batch.size()));
          back.toLoop(() -> batchPaused(rest));
          return;
        }
        ChunkedOutput stream = ex.streamOutput();
        if (stream != null) {
          stream.close();
        } else if (ex.pendingSwitch() != null) {
          if (ex.casState(HttpExchange.RUNNING, HttpExchange.DONE)) {
            writer.emitSwitch(ex);
          }
          running = null;
          closing = true; // nothing after this request is HTTP any more
          break;
        } else if (ex.casState(HttpExchange.RUNNING, HttpExchange.DONE)) {
          writer.emit(ex); // the loop builds the response, so its buffer is allocated where it is freed
        }
        running = null;
        ex.thread = null;
        Thread.interrupted(); // a stray interrupt must not leak into the next request
        if (ex.closesConnection() || ex.state() == HttpExchange.TIMED_OUT) {
          closing = true;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Batch ended early", e);
      closing = true;
    } finally {
      if (running != null && !running.asyncPending()) {
        running = null;
      }
    }
    back.toLoop(this::batchDone);
  }

  private void batchPaused(List<HttpExchange> rest) {
    writer.drain();
    for (int i = rest.size() - 1; i >= 0; i--) {
      waiting.addFirst(rest.get(i));
    }
    batchRunning = false;
    writer.flushIfNeeded();
  }

  private void batchDone() {
    batchRunning = false;
    writer.drain();
    if (switched || eventStream) {
      writer.flushIfNeeded();
      return;
    }
    if (closing) {
      closeAfterWrites();
      return;
    }
    writer.flushIfNeeded();
    dispatch();
    writer.flushIfNeeded();
  }

  /**
   * Runs the chain. Returns true if the response waits for a stage; a stage that completed while
   * the chain ran is settled here, on this thread, so it never races the chain.
   */
  private boolean runChain(HttpExchange ex) {
    server.app().run(ex);
    if (ex.asyncPending() && !ex.awaitAsync()) {
      settle(ex, ex.earlyValue(), ex.earlyError());
    }
    return ex.asyncPending();
  }

  /** Turns a stage's result into the response (value, or error through the error handlers). */
  private void settle(HttpExchange ex, Object value, Throwable error) {
    if (ex.state() != HttpExchange.RUNNING) {
      return;
    }
    try {
      if (error != null) {
        ex.asyncFailed();
        server.app().fail(unwrap(error), ex);
      } else {
        ex.asyncResult(value);
      }
    } catch (RuntimeException e) {
      ex.asyncFailed();
      server.app().fail(e, ex);
    }
  }

  /** Called on any thread when a handler's stage completes after the chain has returned. */
  void asyncCompleted(HttpExchange ex, Object value, Throwable error) {
    if (ex.route().onEventLoop()) {
      execute(() -> {
        settle(ex, value, error);
        afterAsync(ex);
      }, null);
    } else {
      VIRTUAL.newThread(() -> {
        settle(ex, value, error);
        execute(() -> afterAsync(ex), null);
      }).start();
    }
  }

  private void afterAsync(HttpExchange ex) {
    if (ex.asyncPending()) {
      return; // an error handler went async again
    }
    finish(ex);
    writer.flushIfNeeded();
  }

  /** Writes a finished exchange's response and moves on. Loop only. */
  private void finish(HttpExchange ex) {
    running = null;
    if (!ex.casState(HttpExchange.RUNNING, HttpExchange.DONE)) {
      return;
    }
    if (ex.pendingSwitch() != null) {
      switchProtocols(ex);
      return;
    }
    Object response = writer.lastPartOf(ex);
    if (ex.closesConnection()) {
      closing = true;
      linger.closeAfter(ctx, response);
      return;
    }
    writer.write(response);
    if (!inRead) {
      dispatch();
    }
  }

  private void writeRejection(Rejection r) {
    closing = true;
    ctx.channel().config().setAutoRead(false);
    linger.closeAfter(ctx, closingResponse(HttpVersion.HTTP_1_1, r.status(), r.reason(), r.head()));
  }

  /** A plain-text answer the server gives on its own (a refusal, a timeout); the connection closes after it. */
  private static FullHttpResponse closingResponse(HttpVersion version, int status, String reason, boolean head) {
    byte[] text = (reason + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpExchange.TEXT_UTF8)
        .set(HttpHeaderNames.CONTENT_LENGTH, text.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(HttpHeaderNames.DATE, DateHeader.now());
    return response;
  }

  // ---- switching protocols ----

  /** Hands the connection to another protocol (see {@link ProtocolHandover}); HTTP is over on it. Loop only. */
  private void switchProtocols(HttpExchange ex) {
    if (switched || closed) {
      return;
    }
    switched = true;
    closing = true;
    waiting.clear();
    reader.drop();
    writer.skipFlush(); // the hand-over flushes
    handover.handOver(ctx, ex, server, this);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    server.sweeper(loop).remove(this);
    handover.release();
  }

  // ---- event streams ----

  void eventStreamStarted() {
    eventStream = true;
  }

  /** Ends an event stream: the last chunk, then the connection closes. Any thread. */
  void endEventStream() {
    emit(LastHttpContent.EMPTY_LAST_CONTENT);
    execute(() -> {
      writer.drain();
      closeAfterWrites();
    }, null);
  }

  /**
   * Writes {@code msg} after everything emitted before it, then runs {@code written} once the
   * socket has taken it (or the write failed). Any thread.
   */
  void writeTracked(ByteBufHolder msg, Runnable written) {
    writer.emitTracked(msg, written);
    flushOutbox();
  }

  /** Runs a task on the loop; if the loop has shut down, releases {@code msg} instead. */
  private void execute(Runnable task, Object msg) {
    try {
      loop.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      ReferenceCountUtil.release(msg);
    }
  }

  // ---- outbound from virtual threads ----

  /** Queues a message for the loop to write, in order. Any thread. */
  void emit(Object msg) {
    writer.emit(msg);
  }

  /** Asks the loop to write and flush what was emitted. Any thread. */
  void flushOutbox() {
    execute(() -> {
      writer.drain();
      writer.flushIfNeeded();
    }, null);
  }

  /** What the writer asks of this connection. */
  private final ResponseWriter.Connection writerConnection = new ResponseWriter.Connection() {
    @Override
    public boolean closed() {
      return closed;
    }

    @Override
    public void active() {
      lastActivityNanos = System.nanoTime();
    }

    @Override
    public void switchProtocols(HttpExchange exchange) {
      HttpBridge.this.switchProtocols(exchange);
    }
  };

  private void closeAfterWrites() {
    writer.skipFlush();
    linger.closeAfter(ctx, Unpooled.EMPTY_BUFFER);
  }

  /** Blocks a streaming virtual thread while the peer is slow; see {@link Outbox#awaitWritable}. */
  void awaitWritable() throws IOException {
    writer.awaitWritable();
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    writer.signal();
    super.channelWritabilityChanged(ctx);
  }

  /** Closes the connection at once: a streamed response is cut short. Any thread. */
  void abortConnection() {
    closing = true;
    ctx.channel().close();
  }

  // ---- timeouts and shutdown (run by LoopSweeper on the loop) ----

  void checkTimeouts(long now) {
    if (closed || eventStream) {
      return; // an event stream's own keep-alive finds dead peers
    }
    ServerState o = server;
    HttpExchange r = running;
    if (r != null && o.handlerTimeoutNanos() > 0 && r.state() == HttpExchange.RUNNING
        && now - r.startedNanos > o.handlerTimeoutNanos()) {
      timeOut(r);
    } else if (requestStartNanos != 0 && now - requestStartNanos > o.headerReadTimeoutNanos()) {
      log.debug("Closing {}: request headers not received in time", ctx.channel());
      if (r == null && !batchRunning && waiting.isEmpty()) {
        reject(408, "Request headers not received in time");
      } else {
        abortConnection();
      }
    } else if (isIdle() && now - lastActivityNanos > o.idleTimeoutNanos()) {
      ctx.channel().close();
    }
  }

  private boolean isIdle() {
    return running == null && !batchRunning && waiting.isEmpty() && !reader.midRequest() && requestStartNanos == 0;
  }

  private void timeOut(HttpExchange ex) {
    if (!ex.casState(HttpExchange.RUNNING, HttpExchange.TIMED_OUT)) {
      return;
    }
    log.warn("Handler for {} did not finish within {} ms; answered 503 and closed the connection",
        ex.route().describe(), server.options().handlerTimeout().toMillis());
    closing = true;
    writer.drain();
    Thread t = ex.thread;
    if (t != null) {
      t.interrupt();
    }
    writer.skipFlush();
    linger.closeAfter(ctx, closingResponse(ex.request.protocolVersion(), 503,
        "Service Unavailable: the handler took too long", ex.head));
  }

  /** Shutdown: closes an idle connection now; a busy one closes after its current response. */
  void drain() {
    if (isIdle()) {
      ctx.channel().close();
    }
  }

  // ---- teardown ----

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closed = true;
    closing = true;
    server.sweeper(loop).remove(this);
    writer.drain(); // closed: releases what is left and tells tracked senders
    waiting.clear();
    reader.abandon("The client closed the connection before the request body ended");
    handover.release();
    writer.signal();
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent && linger.active()) {
      ctx.close(); // the client has read its answer and closed: the linger is over
    } else if (evt instanceof ChannelInputShutdownEvent && !switched) {
      inputShutdown = true;
      // A request still being read can never complete now; drop it and answer what is queued.
      reader.abandon("The client stopped sending before the request body ended");
      requestStartNanos = 0;
      if (eventStream) {
        ctx.close(); // the client of an event stream has left
      } else if (!inRead) {
        dispatch();
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("Connection error on {}", ctx.channel(), cause);
    } else {
      log.warn("Unexpected error on {}", ctx.channel(), cause);
    }
    ctx.close();
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
