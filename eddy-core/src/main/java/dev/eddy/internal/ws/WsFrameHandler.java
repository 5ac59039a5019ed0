package dev.eddy.internal.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WsFrameHandler is the last inbound handler of a WebSocket pipeline: it answers pings, joins
 * fragments into whole messages within {@code maxMessageBytes} (1009 beyond), hands Close frames
 * and protocol errors to the {@link WsConnection}, and copies every message out of Netty's buffers
 * before it leaves the event loop, so no buffer can leak into app code.
 *
 * <p>Netty's decoder already refused what RFC 6455 forbids in the frame layout (1002: reserved
 * opcodes, unmasked frames, fragmented or oversized control frames, a continuation out of place,
 * frames over {@code maxFrameBytes} as 1009) and {@code Utf8FrameValidator} invalid text (1007).
 * What is left here: reserved bits that no negotiated extension claimed.
 */
final class WsFrameHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WsFrameHandler.class);

  private final WsConnection connection;
  private final int maxMessageBytes;
  private final boolean inflating;
  /** The fragments of the message being received, joined; null between messages. */
  private byte[] partial;
  private int partialLength;
  private boolean partialText;

  WsFrameHandler(WsConnection connection, int maxMessageBytes, boolean inflating) {
    this.connection = connection;
    this.maxMessageBytes = maxMessageBytes;
    this.inflating = inflating;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      connection.heard();
      if (!connection.accepting() && !(frame instanceof CloseWebSocketFrame)) {
        partial = null; // after a Close frame or a protocol error, frames are not taken
      } else if (frame.rsv() != 0) {
        connection.fail(1002, "Reserved bits set that no extension defines");
      } else if (frame instanceof PingWebSocketFrame) {
        connection.pinged(frame.content().retain());
      } else if (frame instanceof CloseWebSocketFrame close) {
        connection.peerClosed(close.statusCode(), close.statusCode() < 0 ? "" : close.reasonText());
      } else if (!(frame instanceof PongWebSocketFrame)) {
        data(frame);
      }
    } finally {
      frame.release();
    }
  }

  private void data(WebSocketFrame frame) {
    ByteBuf content = frame.content();
    int n = content.readableBytes();
    boolean first = !(frame instanceof ContinuationWebSocketFrame);
    if (first) {
      partialText = frame instanceof TextWebSocketFrame;
      partialLength = 0;
      if (frame.isFinalFragment()) {
        if (n > maxMessageBytes) {
          tooBig(n);
          return;
        }
        byte[] whole = new byte[n];
        content.getBytes(content.readerIndex(), whole);
        connection.received(partialText, whole);
        return;
      }
      partial = new byte[Math.min(Math.max(n * 2, 256), maxMessageBytes)];
    } else if (partial == null) {
      return; // the decoder lets no stray continuation through; this is the rest of a dropped message
    }
    if ((long) partialLength + n > maxMessageBytes) {
      tooBig((long) partialLength + n);
      return;
    }
    if (partialLength + n > partial.length) {
      partial = Arrays.copyOf(partial, (int) Math.min(Math.max(partial.length * 2L, partialLength + (long) n), maxMessageBytes));
    }
    content.getBytes(content.readerIndex(), partial, partialLength, n);
    partialLength += n;
    if (frame.isFinalFragment()) {
      byte[] whole = partialLength == partial.length ? partial : Arrays.copyOf(partial, partialLength);
      partial = null;
      connection.received(partialText, whole);
    }
  }

  private void tooBig(long size) {
    partial = null;
    connection.fail(1009, "Message of " + (size > maxMessageBytes ? "over " : "") + maxMessageBytes + " bytes is too big");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    partial = null;
    if (cause instanceof CorruptedWebSocketFrameException e) {
      connection.fail(e.closeStatus().code(), e.getMessage());
    } else if (cause instanceof DecoderException && inflating) {
      // Past Netty's frame decoder only the permessage-deflate decoder fails this way: its zlib
      // decoder stops at maxMessageBytes of output ("...reached maximum size"), or the data is bad.
      if (String.valueOf(cause.getMessage()).contains("maximum size")) {
        connection.fail(1009, "Message of over " + maxMessageBytes + " bytes is too big once inflated");
      } else {
        connection.fail(1007, "Invalid compressed data");
      }
    } else if (cause instanceof DecoderException) {
      connection.fail(1002, "Malformed frame");
    } else if (cause instanceof IOException) {
      log.debug("WebSocket connection error on {}", ctx.channel(), cause);
      ctx.close();
    } else {
      log.warn("Unexpected error on WebSocket {}", ctx.channel(), cause);
      connection.fail(1011, "Internal server error");
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent) {
      ctx.close(); // the peer can send nothing more, not even its Close frame: the connection is over
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    partial = null;
  }
}
