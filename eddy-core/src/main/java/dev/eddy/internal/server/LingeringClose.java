package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * LingeringClose ends a connection after its last response without losing that response. A client
 * still sending a request body (an upload refused with 413, a body the handler did not read) gets
 * a TCP reset if the server closes while its bytes keep arriving, and the reset discards the
 * response it has not read yet. So, as Apache and nginx do, the server half-closes (a FIN after the
 * response), reads and discards what still comes for at most {@link #LINGER_MS} and
 * {@link #MAX_DISCARDED_BYTES}, and closes when the client does or a bound is reached. TLS
 * connections, whose half-close would cut the TLS stream, close at once. Loop only.
 */
final class LingeringClose {
  static final long LINGER_MS = 2000;
  static final long MAX_DISCARDED_BYTES = 4L << 20;

  private boolean active;
  private long discarded;

  /** Whether the connection is lingering: everything it reads is to be discarded. */
  boolean active() {
    return active;
  }

  /** Writes and flushes {@code last}, then lingers and closes. */
  void closeAfter(ChannelHandlerContext ctx, Object last) {
    ctx.writeAndFlush(last).addListener(f -> start(ctx.channel(), f.isSuccess()));
  }

  private void start(Channel channel, boolean written) {
    if (!written || !channel.isActive() || !(channel instanceof DuplexChannel duplex) || duplex.isInputShutdown()
        || channel.pipeline().get(SslHandler.class) != null) {
      channel.close();
      return;
    }
    active = true;
    duplex.shutdownOutput().addListener(f -> {
      if (!f.isSuccess()) {
        channel.close();
      }
    });
    channel.config().setAutoRead(true); // read on, so the client's last bytes find an open socket
    channel.eventLoop().schedule(() -> {
      channel.close();
    }, LINGER_MS, TimeUnit.MILLISECONDS);
  }

  /** Discards what a lingering connection reads; closes it past {@link #MAX_DISCARDED_BYTES}. */
  void discard(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      discarded += buf.readableBytes();
    } else if (msg instanceof ByteBufHolder holder) {
      discarded += holder.content().readableBytes();
    }
    ReferenceCountUtil.release(msg);
    if (discarded > MAX_DISCARDED_BYTES) {
      ctx.close();
    }
  }
}
