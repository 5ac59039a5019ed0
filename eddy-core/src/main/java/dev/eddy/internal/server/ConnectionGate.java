package dev.eddy.internal.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ConnectionGate enforces the connection limit: a connection over it gets a 503 and is closed
 * before anything else reads from it.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
  private static final String BODY = "Too many connections; retry later\n";
  private static final byte[] FULL = ("HTTP/1.1 503 Service Unavailable\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + BODY.length() + "\r\n"
      + "Connection: close\r\nRetry-After: 1\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);

  private final AtomicInteger open;
  private final int max;

  ConnectionGate(AtomicInteger open, int max) {
    this.open = open;
    this.max = max;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
    if (open.incrementAndGet() > max) {
      ctx.channel().config().setAutoRead(false);
      ctx.writeAndFlush(Unpooled.wrappedBuffer(FULL)).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.pipeline().remove(this);
    super.channelActive(ctx);
  }
}
