package dev.eddy.internal.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TlsErrors sits right behind the {@code SslHandler} and takes the TLS failures it reports: a
 * failed handshake (plain HTTP to the TLS port, an unknown CA, no common protocol, a timeout) or a
 * broken record. They are the peer's doing, so they are logged at debug, not as server errors, and
 * the connection closes; nothing reaches the HTTP handlers. Shared by every connection.
 */
@ChannelHandler.Sharable
public final class TlsErrors extends ChannelInboundHandlerAdapter {
  public static final TlsErrors INSTANCE = new TlsErrors();
  private static final Logger log = LoggerFactory.getLogger(TlsErrors.class);

  private TlsErrors() {}

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
      log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), String.valueOf(done.cause()));
      ctx.close();
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable tls = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (tls instanceof SSLException || cause instanceof NotSslRecordException) {
      log.debug("TLS error on {}: {}", ctx.channel().remoteAddress(), tls.toString());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
