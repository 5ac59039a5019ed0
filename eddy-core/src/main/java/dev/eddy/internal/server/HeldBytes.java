package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * HeldBytes keeps the raw bytes that arrive behind a request announcing a protocol switch, until
 * the switch happens (they are the new protocol's first bytes) or the connection closes (they are
 * released). Bounded: a peer that sends more than {@link #MAX_READS} reads before the switch is
 * cut off by the caller. Loop only.
 */
final class HeldBytes {
  private static final int MAX_READS = 64;
  private final List<ByteBuf> bytes = new ArrayList<>();

  /** Keeps {@code buf}; false once more was sent than a switch should ever need. */
  boolean hold(ByteBuf buf) {
    bytes.add(buf);
    return bytes.size() <= MAX_READS;
  }

  /** Hands what was held to the handlers after {@code ctx}, in order. */
  void passOn(ChannelHandlerContext ctx) {
    for (ByteBuf buf : bytes) {
      ctx.fireChannelRead(buf);
    }
    bytes.clear();
    ctx.fireChannelReadComplete();
  }

  void release() {
    bytes.forEach(ReferenceCountUtil::release);
    bytes.clear();
  }
}
