package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * StrictRequestDecoder is Netty's request decoder with the request head checked first, byte by
 * byte, against RFC 9112's grammar where Netty is lenient: no obs-fold (a header line starting with
 * a space or tab), exactly one space between the parts of the request line, CRLF line ends only, no
 * control bytes, no whitespace before a colon. These are request-smuggling vectors: two parsers
 * that disagree on them disagree on where a request ends. Netty still does the parsing.
 *
 * <p>The check runs when a message starts: it waits until the whole head is buffered (or is too
 * long, which Netty then answers with 414 or 431) and fails the request if the head is invalid.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
  private final int maxHead;
  private final Runnable bytesArrived;
  private final HeadGrammar grammar = new HeadGrammar();
  private boolean atMessageStart = true;
  private boolean failed;

  /** {@code bytesArrived} runs on every read, before decoding: the bridge times request heads with it. */
  StrictRequestDecoder(HttpDecoderConfig config, Runnable bytesArrived) {
    super(config);
    this.maxHead = config.getMaxInitialLineLength() + config.getMaxHeaderSize() + 4;
    this.bytesArrived = bytesArrived;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    bytesArrived.run();
    super.channelRead(ctx, msg);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (atMessageStart) {
      int end = grammar.scan(in);
      if (end == -2) {
        failed = true;
        in.skipBytes(in.readableBytes());
        DefaultFullHttpRequest invalid = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request");
        invalid.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(grammar.problem())));
        out.add(invalid);
        return;
      }
      if (end == -1) {
        if (in.readableBytes() <= maxHead) {
          return; // wait for the rest of the head
        }
        grammar.reset(); // too long: Netty answers 414 / 431
      }
      atMessageStart = false;
    }
    int before = out.size();
    super.decode(ctx, in, out);
    for (int i = before; i < out.size(); i++) {
      Object msg = out.get(i);
      if (msg instanceof LastHttpContent) {
        atMessageStart = true;
      }
    }
  }
}
