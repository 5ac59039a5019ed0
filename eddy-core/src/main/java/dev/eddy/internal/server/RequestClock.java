package dev.eddy.internal.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * RequestClock sits in front of the HTTP decoder and tells the bridge when bytes arrive, so it
 * can time how long a client takes to send a request's headers (slowloris).
 */
final class RequestClock extends ChannelInboundHandlerAdapter {
  private final HttpBridge bridge;

  RequestClock(HttpBridge bridge) {
    this.bridge = bridge;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    bridge.bytesArrived();
    ctx.fireChannelRead(msg);
  }
}
