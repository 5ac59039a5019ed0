package dev.eddy.internal.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * EarlyUtf8Check fails a text message at the first byte that can't be UTF-8, even while the rest
 * of its frame is still on the way. Netty's decoder hands on whole frames only, so its
 * {@code Utf8FrameValidator} can't see a bad byte before the frame's last byte arrives; RFC 6455
 * (section 8.1) asks an endpoint to fail the connection as soon as it knows the text is invalid,
 * and Autobahn's cases 6.4.3 and 6.4.4 check exactly that.
 *
 * <p>It sits in front of Netty's frame decoder and only reads: it follows frame headers to find
 * the payload of uncompressed text messages, unmasks a copy byte by byte, and checks it as the
 * WHATWG UTF-8 decoder would. The bytes go on to the decoder unchanged, which stays the authority
 * on framing (anything malformed there fails there) and, through Utf8FrameValidator, on UTF-8.
 * On a bad byte the frames before it go on, the rest is dropped, and a 1007 protocol error follows.
 */
final class EarlyUtf8Check extends ChannelInboundHandlerAdapter {
  private final byte[] header = new byte[14];
  private int headerLength;
  private int headerNeeded = 2;
  private long remaining;
  private final byte[] mask = new byte[4];
  private boolean masked;
  private int maskIndex;
  private boolean control;
  private boolean fin;
  /** Whether the current frame's payload is text to check. */
  private boolean checking;
  /** Whether an uncompressed text message is in progress (its continuations are checked too). */
  private boolean textMessage;
  private final Utf8 utf8 = new Utf8();
  private boolean failed;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (failed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    int bad = scan(buf);
    if (bad < 0) {
      ctx.fireChannelRead(buf);
      return;
    }
    failed = true;
    int good = bad - buf.readerIndex();
    if (good > 0) {
      ctx.fireChannelRead(buf.retainedSlice(buf.readerIndex(), good)); // whole frames before it still count
    }
    buf.release();
    ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
        "Invalid UTF-8 in a text message"));
  }

  /** Follows the frames in {@code buf}; returns the index of a byte that is not UTF-8, or -1. */
  private int scan(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      if (headerNeeded > 0) {
        header[headerLength++] = buf.getByte(i++);
        if (headerLength == 2) {
          int len7 = header[1] & 0x7f;
          masked = (header[1] & 0x80) != 0;
          headerNeeded = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        }
        if (headerLength == headerNeeded) {
          startPayload();
        }
        continue;
      }
      int n = (int) Math.min(remaining, end - i);
      if (checking) {
        for (int k = 0; k < n; k++) {
          int b = (buf.getByte(i + k) ^ (masked ? mask[maskIndex++ & 3] : 0)) & 0xff;
          if (!utf8.accept(b)) {
            return i + k;
          }
        }
      }
      i += n;
      remaining -= n;
      if (remaining == 0) {
        endPayload();
      }
    }
    return -1;
  }

  private void startPayload() {
    int opcode = header[0] & 0x0f;
    int rsv = (header[0] >> 4) & 7;
    fin = (header[0] & 0x80) != 0;
    control = opcode >= 8;
    int len7 = header[1] & 0x7f;
    int at = 2;
    if (len7 == 126) {
      remaining = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
      at = 4;
    } else if (len7 == 127) {
      remaining = 0;
      for (int k = 2; k < 10; k++) {
        remaining = (remaining << 8) | (header[k] & 0xff);
      }
      remaining = Math.max(remaining, 0); // a negative length is the decoder's to refuse
      at = 10;
    } else {
      remaining = len7;
    }
    if (masked) {
      System.arraycopy(header, at, mask, 0, 4);
    }
    maskIndex = 0;
    if (!control) {
      if (opcode == 1) {
        textMessage = (rsv & 4) == 0; // compressed text is checked once inflated
        utf8.reset();
      } else if (opcode == 2) {
        textMessage = false;
      }
    }
    checking = !control && textMessage;
    headerLength = 0;
    headerNeeded = 0;
    if (remaining == 0) {
      endPayload();
    }
  }

  private void endPayload() {
    if (!control && fin) {
      textMessage = false;
    }
    checking = false;
    headerNeeded = 2;
  }

  /** Utf8 accepts bytes while they can still be valid UTF-8 (RFC 3629; WHATWG's decoder bounds). */
  static final class Utf8 {
    private int needed;
    private int lower = 0x80;
    private int upper = 0xbf;

    boolean accept(int b) {
      if (needed == 0) {
        if (b < 0x80) {
          return true;
        } else if (b >= 0xc2 && b <= 0xdf) {
          needed = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
          needed = 2;
          lower = b == 0xe0 ? 0xa0 : 0x80; // no overlong forms
          upper = b == 0xed ? 0x9f : 0xbf; // no surrogates
        } else if (b >= 0xf0 && b <= 0xf4) {
          needed = 3;
          lower = b == 0xf0 ? 0x90 : 0x80;
          upper = b == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
        } else {
          return false;
        }
        return true;
      }
      if (b < lower || b > upper) {
        return false;
      }
      lower = 0x80;
      upper = 0xbf;
      needed--;
      return true;
    }

    void reset() {
      needed = 0;
      lower = 0x80;
      upper = 0xbf;
    }
  }
}
