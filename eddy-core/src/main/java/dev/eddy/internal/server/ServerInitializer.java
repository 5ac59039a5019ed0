package dev.eddy.internal.server;

import dev.eddy.ServerOptions;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * ServerInitializer builds each connection's pipeline:
 *
 * <pre>
 *   socket bytes
 *        |
 *   [ConnectionGate]    503 + close over the connection limit; removes itself otherwise
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

  ServerInitializer(ServerState state) {
    this.state = state;
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
    p.addLast("http", new HttpCodec(decoderConfig, bridge::bytesArrived));
    p.addLast("bridge", bridge);
  }
}
