package dev.eddy.internal.server;

import dev.eddy.Context;
import dev.eddy.sse.SseClient;
import dev.eddy.sse.SseOptions;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * EventStream is the server side of one Server-Sent Events client: it formats events as the
 * event-stream format says and queues them on the connection in order. Bytes queued but not yet
 * written are counted; past the limit the client is disconnected rather than buffered.
 */
final class EventStream implements SseClient {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventStream.class);

  private final HttpBridge bridge;
  private final HttpExchange exchange;
  private final SseOptions options;
  private final AtomicLong queued = new AtomicLong();
  private final List<Runnable> closeCallbacks = new ArrayList<>();
  private volatile boolean open = true;
  private boolean ended;
  private volatile long lastSendNanos = System.nanoTime();
  private ScheduledFuture<?> keepAlive;

  EventStream(HttpBridge bridge, HttpExchange exchange, SseOptions options) {
    this.bridge = bridge;
    this.exchange = exchange;
    this.options = options;
  }

  /** Sends the response head and starts the keep-alive; called once, by the handler's thread. */
  void start(HttpResponse head) {
    bridge.eventStreamStarted();
    bridge.emit(head);
    bridge.flushOutbox();
    bridge.channel().closeFuture().addListener(f -> ended());
    if (exchange.head) {
      close();
      return;
    }
    long period = options.keepAlive().toNanos();
    keepAlive = bridge.channel().eventLoop().scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastSendNanos >= period * 9 / 10) {
        comment("keep-alive");
      }
    }, period, period, TimeUnit.NANOSECONDS);
  }

  @Override
  public Context context() {
    return exchange;
  }

  @Override
  public String lastEventId() {
    String id = exchange.header("Last-Event-ID");
    return id != null ? id : exchange.query("lastEventId");
  }

  @Override
  public boolean send(String data) {
    return send(null, data, null);
  }

  @Override
  public boolean send(String event, String data) {
    return send(event, data, null);
  }

  @Override
  public boolean send(String event, String data, String id) {
    Objects.requireNonNull(data, "data");
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (id != null) {
      checkField("id", id);
      if (id.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("SSE id must not contain NUL");
      }
      sb.append("id: ").append(id).append('\n');
    }
    if (event != null) {
      checkField("event", event);
      sb.append("event: ").append(event).append('\n');
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      sb.append("data: ").append(line).append('\n');
    }
    return write(sb.append('\n').toString());
  }

  @Override
  public boolean comment(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\r\n|\r|\n", -1)) {
      sb.append(": ").append(line).append('\n');
    }
    return write(sb.append('\n').toString());
  }

  @Override
  public boolean retry(Duration delay) {
    return write("retry: " + delay.toMillis() + "\n\n");
  }

  private boolean write(String text) {
    if (!open) {
      return false;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    long pending = queued.addAndGet(bytes.length);
    if (pending > options.maxQueuedBytes()) {
      log.debug("SSE client {} fell {} bytes behind; disconnecting it", bridge.channel().remoteAddress(), pending);
      queued.addAndGet(-bytes.length);
      open = false; // later sends fail at once instead of deciding this again until the close lands
      bridge.abortConnection();
      return false;
    }
    lastSendNanos = System.nanoTime();
    bridge.writeTracked(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)), () -> queued.addAndGet(-bytes.length));
    return true;
  }

  private static void checkField(String name, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("SSE " + name + " must not contain line breaks");
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void onClose(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (closeCallbacks) {
      if (!ended) {
        closeCallbacks.add(callback);
        return;
      }
    }
    callback.run();
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      bridge.endEventStream();
    }
  }

  /** The connection closed: stop the keep-alive and tell whoever asked. */
  private void ended() {
    open = false;
    List<Runnable> callbacks;
    synchronized (closeCallbacks) {
      if (ended) {
        return;
      }
      ended = true;
      callbacks = List.copyOf(closeCallbacks);
      closeCallbacks.clear();
    }
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    for (Runnable r : callbacks) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("SSE close callback failed", e);
      }
    }
  }
}
