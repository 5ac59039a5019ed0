package dev.eddy.internal.server;

import dev.eddy.internal.app.ProtocolSwitch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ProtocolHandover moves one connection from HTTP to another protocol. After a request that
 * announced a switch, HTTP decoding stops and the raw bytes behind the request are held; when the
 * handler switches, the 101 goes out through the HTTP encoder, the new protocol's handlers are
 * installed, HTTP's are removed, and the held bytes pass on to the new handlers. If the handler does
 * not switch, the held bytes are released with the connection. Loop only.
 */
final class ProtocolHandover {
  private static final Logger log = LoggerFactory.getLogger(ProtocolHandover.class);

  private HeldBytes held;

  /**
   * Stops HTTP decoding right after a request that announced a protocol switch, so the bytes
   * behind it stay raw for the new protocol. Reading pauses until the switch.
   */
  void stopDecoding(ChannelHandlerContext ctx) {
    held = new HeldBytes();
    ctx.channel().config().setAutoRead(false);
    HttpCodec codec = ctx.pipeline().get(HttpCodec.class);
    if (codec != null) {
      codec.removeInboundHandler(); // what it still holds arrives at the bridge as raw bytes
    }
  }

  /** Whether bytes are being held for a switch. */
  boolean holding() {
    return held != null;
  }

  /** Holds raw bytes that arrived before the switch; false (and nothing held) past the limit. */
  boolean hold(ByteBuf bytes) {
    return held.hold(bytes);
  }

  /** Releases held bytes: the connection ends without a switch. */
  void release() {
    if (held != null) {
      held.release();
    }
  }

  /**
   * Hands the connection to {@code ex}'s protocol: the 101 (when the switch sends one), the new
   * handlers, the held bytes, then {@code bridge} and HTTP's codec leave the pipeline. A failure
   * closes the connection.
   */
  void handOver(ChannelHandlerContext ctx, HttpExchange ex, ServerState server, ChannelHandler bridge) {
    ProtocolSwitch sw = ex.pendingSwitch();
    ChannelPipeline p = ctx.pipeline();
    try {
      if (sw.sendsSwitchingProtocols()) {
        ctx.write(ex.toSwitchingResponse(), ctx.voidPromise());
      }
      ctx.flush();
      sw.install(ctx.channel());
      server.switched(ctx.channel(), sw);
      p.remove(HttpCodec.class);
      if (held != null) {
        HeldBytes early = held;
        held = null;
        early.passOn(ctx); // the bytes behind the request, to the new protocol
      }
      p.remove(bridge);
      ctx.channel().config().setAutoRead(true);
    } catch (RuntimeException e) {
      log.warn("Switching protocols failed on {}", ctx.channel(), e);
      ctx.channel().close();
    }
  }
}
