package dev.eddy.internal.ws;

import dev.eddy.Context;
import dev.eddy.JsonCodec;
import dev.eddy.ws.SlowPeerException;
import dev.eddy.ws.SlowPeerPolicy;
import dev.eddy.ws.WebSocket;
import dev.eddy.ws.WebSocketHandler;
import dev.eddy.ws.WebSocketOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WsConnection is the server side of one WebSocket: the app's {@link WebSocket}, the closing
 * handshake, keep-alive pings, and the bounds in both directions.
 *
 * <p>Outbound, any thread may send: the message is counted against the outbound bound, then
 * written on the event loop, where a send racing a close is refused, so no data frame ever follows
 * a Close frame. Inbound, {@link WsFrameHandler} hands whole messages here on the loop and they
 * run as callbacks on a {@link CallbackRunner}; reading pauses while too many wait.
 *
 * <p>Fields without {@code volatile} or an atomic belong to the event loop.
 */
final class WsConnection implements WebSocket {
  private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
  /** Messages waiting for their callback before reading from the socket pauses. */
  static final int MAX_WAITING_MESSAGES = 64;

  private final Channel channel;
  private final EventLoop loop;
  private final Context context;
  private final JsonCodec json;
  private final WebSocketOptions options;
  private final String subprotocol;
  private final WebSocketHandler handler;
  private final CallbackRunner callbacks = new CallbackRunner();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong waitingBytes = new AtomicLong();
  private final AtomicInteger waitingMessages = new AtomicInteger();
  private final OffLoopFuture<Void> closed = new OffLoopFuture<>();
  private final long pingNanos;
  /** False once a Close frame has been sent or received: no more messages either way. */
  private volatile boolean open = true;
  private volatile boolean readPaused;

  private boolean closeSent;
  /** A protocol error was found: the connection fails once earlier callbacks are done. */
  private boolean failing;
  private boolean closeReceived;
  private boolean ended;
  private boolean codeRecorded;
  private int closeCode = 1006;
  private String closeReason = "";
  private boolean flushScheduled;
  private long lastHeard;
  private long pingSentAt;
  private ScheduledFuture<?> pingTimer;
  private ScheduledFuture<?> closeTimer;

  WsConnection(Channel channel, Context context, JsonCodec json, WebSocketOptions options, String subprotocol,
               WebSocketHandler handler) {
    this.channel = channel;
    this.loop = channel.eventLoop();
    this.context = context;
    this.json = json;
    this.options = options;
    this.subprotocol = subprotocol;
    this.handler = handler;
    this.pingNanos = options.pingInterval().toNanos();
  }

  /** Runs {@code onOpen} and starts the keep-alive. Loop only, once the handlers are in place. */
  void start() {
    lastHeard = System.nanoTime();
    callbacks.submit(() -> call(() -> handler.onOpen(this)));
    channel.closeFuture().addListener(f -> ended());
    if (pingNanos > 0) {
      pingTimer = loop.schedule(this::tick, pingNanos, TimeUnit.NANOSECONDS);
    }
  }

  // ---- WebSocket ----

  @Override
  public Context context() {
    return context;
  }

  @Override
  public String subprotocol() {
    return subprotocol;
  }

  @Override
  public JsonCodec json() {
    return json;
  }

  @Override
  public CompletionStage<Void> send(String text) {
    byte[] bytes = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
    return send(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)), bytes.length);
  }

  @Override
  public CompletionStage<Void> send(byte[] data) {
    Objects.requireNonNull(data, "data");
    return send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)), data.length);
  }

  @Override
  public CompletionStage<Void> sendJson(Object value) {
    byte[] bytes = json.encode(value); // UTF-8 JSON: valid text as it is
    return send(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)), bytes.length);
  }

  @Override
  public CompletionStage<Void> close(int code, String reason) {
    if (!((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999))) {
      throw new IllegalArgumentException("Close code must be 1000-1003, 1007-1014 or 3000-4999, got " + code);
    }
    Objects.requireNonNull(reason, "reason");
    if (ByteBufUtil.utf8Bytes(reason) > 123) {
      throw new IllegalArgumentException("A close reason is at most 123 bytes as UTF-8, got " + ByteBufUtil.utf8Bytes(reason));
    }
    open = false; // sends from here on fail at once; the Close frame follows those already made
    onLoop(() -> startClose(code, reason));
    return closed;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public long queuedBytes() {
    return queued.get();
  }

  @Override
  public String toString() {
    return "WebSocket " + context.path() + " " + channel;
  }

  // ---- outbound ----

  /** Counts the message against the outbound bound, then writes it on the loop. Any thread. */
  private CompletionStage<Void> send(WebSocketFrame frame, int size) {
    OffLoopFuture<Void> done = new OffLoopFuture<>();
    if (!open) {
      frame.release();
      done.completeExceptionally(notOpen());
      return done;
    }
    long after = queued.addAndGet(size);
    if (after > options.maxQueuedBytes()) {
      queued.addAndGet(-size);
      frame.release();
      done.completeExceptionally(new SlowPeerException("The peer reads too slowly: " + (after - size)
          + " bytes already wait to be written and the limit is " + options.maxQueuedBytes()));
      SlowPeerPolicy policy = options.slowPeer();
      if (policy != SlowPeerPolicy.DROP) {
        onLoop(() -> startClose(policy.closeCode(), "Reading too slowly"));
      }
      return done;
    }
    if (loop.inEventLoop()) {
      write(frame, size, done);
    } else {
      try {
        loop.execute(() -> write(frame, size, done));
      } catch (RejectedExecutionException stopped) {
        queued.addAndGet(-size);
        frame.release();
        done.completeExceptionally(notOpen());
      }
    }
    return done;
  }

  private void write(WebSocketFrame frame, int size, OffLoopFuture<Void> done) {
    if (closeSent || ended) {
      queued.addAndGet(-size);
      frame.release();
      done.completeExceptionally(notOpen());
      return;
    }
    channel.write(frame).addListener(f -> {
      queued.addAndGet(-size);
      if (f.isSuccess()) {
        done.complete(null);
      } else {
        done.completeExceptionally(f.cause() instanceof IOException io ? io : new IOException("Send failed: " + f.cause(), f.cause()));
      }
    });
    scheduleFlush();
  }

  /** Flushes once after the writes queued on the loop so far, instead of once per message. */
  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      loop.execute(() -> {
        flushScheduled = false;
        channel.flush();
      });
    }
  }

  private IOException notOpen() {
    return new IOException("The WebSocket is " + (ended ? "closed" : "closing"));
  }

  // ---- closing ----

  /** Sends our Close frame and waits for the peer's, at most the close timeout. Loop only. */
  void startClose(int code, String reason) {
    if (closeSent || ended) {
      return;
    }
    open = false;
    closeSent = true;
    record(code, reason);
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
    armCloseTimer();
  }

  /** The server is stopping. Loop only. */
  void goingAway() {
    startClose(1001, "Server shutting down");
  }

  /** The peer sent a Close frame ({@code code} -1 when it had no status). Loop only. */
  void peerClosed(int code, String reason) {
    if (failing) {
      return; // we are failing the connection already; its Close frame goes out after the callbacks
    }
    open = false;
    closeReceived = true;
    if (closeSent) {
      channel.close(); // the answer to ours: the handshake is complete, and the server closes TCP first
      return;
    }
    closeSent = true;
    record(code < 0 ? 1005 : code, code < 0 ? "" : reason);
    CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
    channel.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
    armCloseTimer(); // a peer that does not read would leave the echo unwritten
  }

  /**
   * The peer broke the protocol (or sent too big a message): reading stops at once, nothing more
   * it sent is taken, and once the callbacks for the messages before the error have run (and their
   * replies have gone out) the connection is failed with {@code code}. A callback that hangs does
   * not keep it open past the close timeout. Loop only.
   */
  void fail(int code, String reason) {
    if (failing || ended) {
      return;
    }
    failing = true;
    channel.config().setAutoRead(false);
    callbacks.submit(() -> onLoop(() -> failNow(code, reason)));
    if (closeTimer == null) {
      closeTimer = loop.schedule(() -> failNow(code, reason), options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void failNow(int code, String reason) {
    if (ended) {
      return;
    }
    open = false;
    record(code, reason);
    if (closeSent) {
      channel.close();
      return;
    }
    closeSent = true;
    channel.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason))).addListener(ChannelFutureListener.CLOSE);
    if (closeTimer != null) {
      closeTimer.cancel(false);
    }
    closeTimer = null;
    armCloseTimer(); // a peer that does not read would leave the Close frame unwritten
  }

  /** A close reason fits a control frame: at most 123 bytes of UTF-8, cut on a character boundary. */
  private static String truncate(String reason) {
    if (ByteBufUtil.utf8Bytes(reason) <= 123) {
      return reason;
    }
    int end = reason.length();
    while (ByteBufUtil.utf8Bytes(reason.substring(0, end)) > 123) {
      end--;
    }
    if (end > 0 && Character.isHighSurrogate(reason.charAt(end - 1))) {
      end--;
    }
    return reason.substring(0, end);
  }

  private void record(int code, String reason) {
    if (!codeRecorded) {
      codeRecorded = true;
      closeCode = code;
      closeReason = reason == null ? "" : reason;
    }
  }

  private void armCloseTimer() {
    if (closeTimer == null && !ended) {
      closeTimer = loop.schedule(() -> {
        log.debug("No Close frame from {} within {}; closing", channel, options.closeTimeout());
        channel.close();
      }, options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** The connection has closed: tell the app, last of all its callbacks. Loop only. */
  private void ended() {
    if (ended) {
      return;
    }
    ended = true;
    open = false;
    if (pingTimer != null) {
      pingTimer.cancel(false);
    }
    if (closeTimer != null) {
      closeTimer.cancel(false);
    }
    // Netty's decoder closes the channel before it throws the protocol error that says why: let
    // that error be recorded first, then report.
    try {
      loop.execute(this::reportClosed);
    } catch (RejectedExecutionException stopped) {
      reportClosed();
    }
  }

  private void reportClosed() {
    int code = closeCode;
    String reason = closeReason;
    callbacks.submit(() -> call(() -> handler.onClose(this, code, reason)));
    closed.complete(null);
  }

  // ---- inbound (called by WsFrameHandler on the loop) ----

  /** Something arrived from the peer: it is alive. */
  void heard() {
    lastHeard = System.nanoTime();
    pingSentAt = 0;
  }

  void pinged(ByteBuf payload) {
    if (closeSent || ended || failing) {
      payload.release();
      return;
    }
    channel.write(new PongWebSocketFrame(payload));
    scheduleFlush();
  }

  /** Whether frames are still taken: not after a Close frame either way, nor after a protocol error. */
  boolean accepting() {
    return open && !failing;
  }

  /** A whole message: hand it to the app, pausing reads while too many wait. */
  void received(boolean text, byte[] data) {
    long bytes = waitingBytes.addAndGet(data.length);
    int count = waitingMessages.incrementAndGet();
    if (!readPaused && (bytes > options.maxMessageBytes() || count >= MAX_WAITING_MESSAGES)) {
      readPaused = true;
      channel.config().setAutoRead(false);
    }
    callbacks.submit(() -> {
      try {
        if (text) {
          call(() -> handler.onText(this, new String(data, StandardCharsets.UTF_8)));
        } else {
          call(() -> handler.onBinary(this, data));
        }
      } finally {
        consumed(data.length);
      }
    });
  }

  /** A message's callback is done. Callback thread. */
  private void consumed(int size) {
    long bytes = waitingBytes.addAndGet(-size);
    int count = waitingMessages.decrementAndGet();
    if (readPaused && caughtUp(bytes, count)) {
      onLoop(() -> {
        if (readPaused && caughtUp(waitingBytes.get(), waitingMessages.get())) {
          readPaused = false;
          channel.config().setAutoRead(true);
        }
      });
    }
  }

  private boolean caughtUp(long bytes, int count) {
    return bytes <= options.maxMessageBytes() / 2 && count <= MAX_WAITING_MESSAGES / 2;
  }

  // ---- keep-alive ----

  /** Pings a quiet peer; cuts one that did not answer the last ping within an interval. */
  private void tick() {
    if (ended) {
      return;
    }
    long now = System.nanoTime();
    if (readPaused) {
      heard(); // the app is behind, not the peer: its Pongs wait unread in the socket
    } else if (pingSentAt != 0 && now - pingSentAt >= pingNanos) {
      record(1006, "No answer to a ping within " + options.pingInterval().toMillis() + " ms");
      log.debug("{} did not answer a ping; closing", channel);
      channel.close();
      return;
    } else if (pingSentAt == 0 && now - lastHeard >= pingNanos && !closeSent) {
      pingSentAt = now;
      channel.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
    }
    long wait = pingSentAt != 0 ? pingSentAt + pingNanos - now : lastHeard + pingNanos - now;
    pingTimer = loop.schedule(this::tick, Math.max(wait, pingNanos / 10), TimeUnit.NANOSECONDS);
  }

  // ---- callbacks ----

  @FunctionalInterface
  private interface Callback {
    void run() throws Exception;
  }

  /** Runs a callback; what it throws goes to {@code onError}. Callback thread. */
  private void call(Callback callback) {
    try {
      callback.run();
    } catch (Throwable t) {
      try {
        handler.onError(this, t);
      } catch (Throwable second) {
        second.addSuppressed(t);
        log.warn("WebSocket onError for {} failed; closing with 1011", context.path(), second);
        onLoop(() -> startClose(1011, "Internal server error"));
      }
    }
  }

  /** Runs {@code task} on the loop; does nothing once the loop has shut down. */
  private void onLoop(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException stopped) {
      // the loop has shut down, and the connection with it: nothing left to do
    }
  }
}
