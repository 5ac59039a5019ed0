package dev.eddy.internal.server;

import dev.eddy.ServerOptions;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import dev.eddy.internal.tls.TlsErrors;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * ServerInitializer builds each connection's pipeline:
 *
 * <pre>
 *   socket bytes
 *        |
 *   [ConnectionGate]    503 + close over the connection limit; removes itself otherwise
 *        |
 *   [SslHandler]        with TLS only: handshake (timeout), decrypt / encrypt
 *   [TlsErrors]         failed handshakes and bad records: log at debug, close
 *        |
 *   [HttpCodec]         Netty's HTTP/1.1 parser behind a strict head check, and encoder: 414 / 431;
 *        |              tells the bridge when a request's first bytes arrive (header-read timeout)
 *        |
 *   [HttpBridge]        body limit (413), request order, hands exchanges to the app
 * </pre>
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
  private final ServerState state;
  private final ConnectionGate gate;
  private final HttpDecoderConfig decoderConfig;
  private final SslContext tls;
  private final long handshakeTimeoutMillis;

  /** {@code tls} is null for plain HTTP. */
  ServerInitializer(ServerState state, SslContext tls, long handshakeTimeoutMillis) {
    this.state = state;
    this.tls = tls;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    ServerOptions o = state.options();
    this.gate = new ConnectionGate(state.connections, o.maxConnections());
    this.decoderConfig = new HttpDecoderConfig()
        .setMaxInitialLineLength(o.maxRequestLineBytes())
        .setMaxHeaderSize(o.maxHeaderBytes())
        .setMaxChunkSize(8192)
        .setValidateHeaders(true)
        .setAllowDuplicateContentLengths(false)
        .setStrictLineParsing(true)
        .setUseRfc9112TransferEncoding(true);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    HttpBridge bridge = new HttpBridge(state);
    ChannelPipeline p = ch.pipeline();
    p.addLast("gate", gate);
    if (tls != null) {
      SslHandler ssl = tls.newHandler(ch.alloc());
      ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
      p.addLast("tls", ssl);
      p.addLast("tls-errors", TlsErrors.INSTANCE);
    }
    p.addLast("http", new HttpCodec(decoderConfig, bridge::bytesArrived));
    if (tls != null) {
      p.addLast("chunked", new ChunkedWriteHandler()); // file bodies: TLS can't take a zero-copy region
    }
    p.addLast("bridge", bridge);
  }
}
