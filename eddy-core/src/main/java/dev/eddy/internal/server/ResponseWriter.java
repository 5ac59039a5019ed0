package dev.eddy.internal.server;

import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.FileRegion;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ResponseWriter writes one connection's output on its event loop, in order: finished exchanges
 * (whose Netty response is built here, so its buffer is allocated on the thread that frees it),
 * file bodies, and what other threads queued in the connection's {@link Outbox} (streamed chunks,
 * event-stream events, tracked writes, a protocol switch's place). It flushes once per pass rather
 * than per message. Loop only, except {@link #emit}, {@link #emitTracked} and
 * {@link #awaitWritable}.
 */
final class ResponseWriter {
  private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);

  /** What the writer needs from its connection. */
  interface Connection {
    /** Whether the channel has closed: what is queued is released instead of written. */
    boolean closed();

    /** Bytes went out: the connection is not idle. */
    void active();

    /** The outbox reached a protocol switch: everything before it has been written. */
    void switchProtocols(HttpExchange exchange);
  }

  /** Tracked is a message whose sender wants to know when it has been written (or failed). */
  private record Tracked(ByteBufHolder msg, Runnable written) {}

  /** SwitchMarker stands in the outbox where a protocol switch must happen, after earlier responses. */
  private record SwitchMarker(HttpExchange exchange) {}

  private final ChannelHandlerContext ctx;
  private final Outbox outbox;
  private final Connection connection;
  private boolean flushNeeded;

  private final ChannelProgressiveFutureListener fileProgress = new ChannelProgressiveFutureListener() {
    @Override
    public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
      connection.active();
    }

    @Override
    public void operationComplete(ChannelProgressiveFuture future) {
      connection.active();
    }
  };

  ResponseWriter(ChannelHandlerContext ctx, Connection connection) {
    this.ctx = ctx;
    this.outbox = new Outbox(ctx.channel());
    this.connection = connection;
  }

  /** Queues a message (or a finished exchange) for the loop to write, after what came before. Any thread. */
  void emit(Object msg) {
    outbox.add(msg);
  }

  /** Queues {@code msg}; {@code written} runs once the socket has taken it or the write failed. Any thread. */
  void emitTracked(ByteBufHolder msg, Runnable written) {
    outbox.add(new Tracked(msg, written));
  }

  /** Queues the place where {@code exchange}'s protocol switch happens. Any thread. */
  void emitSwitch(HttpExchange exchange) {
    outbox.add(new SwitchMarker(exchange));
  }

  /** Blocks a streaming virtual thread while the peer is slow; see {@link Outbox#awaitWritable}. */
  void awaitWritable() throws IOException {
    outbox.awaitWritable();
  }

  /** Wakes writers blocked in {@link #awaitWritable}: writability changed, or the connection closed. */
  void signal() {
    outbox.signal();
  }

  /**
   * The message that ends {@code ex}'s response, for the caller to write: its full response, or
   * for a file body the last part after the head and the file were written here.
   */
  Object lastPartOf(HttpExchange ex) {
    return ex.hasFile() ? writeFileHead(ex) : ex.toResponse(ctx.alloc());
  }

  /** Writes {@code msg} now, to be flushed at the end of the pass. */
  void write(Object msg) {
    ctx.write(msg, ctx.voidPromise());
    flushNeeded = true;
  }

  /** Writes everything queued, in order; once closed, releases it instead and tells tracked senders. */
  void drain() {
    Object msg;
    long drained = 0;
    while ((msg = outbox.poll()) != null) {
      if (msg instanceof SwitchMarker marker) {
        connection.switchProtocols(marker.exchange());
        continue;
      }
      if (msg instanceof ByteBufHolder holder) {
        drained += holder.content().readableBytes();
      }
      writeOut(msg);
    }
    connection.active();
    outbox.taken(drained);
  }

  void flushIfNeeded() {
    if (flushNeeded) {
      flushNeeded = false;
      ctx.flush();
    }
  }

  /** Forgets a pending flush: the caller flushes, or closes, itself. */
  void skipFlush() {
    flushNeeded = false;
  }

  private void writeOut(Object msg) {
    boolean closed = connection.closed();
    if (msg instanceof HttpExchange ex) {
      if (closed) {
        ex.dropFile();
      } else {
        write(lastPartOf(ex));
      }
      return;
    }
    if (msg instanceof Tracked t) {
      if (closed) {
        ReferenceCountUtil.release(t.msg());
        t.written().run();
        return;
      }
      ctx.write(t.msg()).addListener(f -> {
        if (!f.isSuccess()) {
          log.debug("Write failed on {}", ctx.channel(), f.cause());
        }
        t.written().run();
      });
      flushNeeded = true;
    } else if (closed) {
      ReferenceCountUtil.release(msg);
    } else {
      write(msg);
    }
  }

  /**
   * Writes the head and the file of a file response (a zero-copy region, or chunks under TLS), and
   * returns its last message. The file's progress counts as activity, so a long download to a slow
   * but reading client is not closed as idle.
   */
  private Object writeFileHead(HttpExchange ex) {
    List<Object> parts = ex.toFileResponse();
    for (int i = 0; i < parts.size() - 1; i++) {
      Object part = parts.get(i);
      if (part instanceof FileRegion || part instanceof ChunkedInput) {
        ctx.write(part, ctx.newProgressivePromise().addListener(fileProgress));
      } else {
        ctx.write(part, ctx.voidPromise());
      }
    }
    return parts.get(parts.size() - 1);
  }
}
