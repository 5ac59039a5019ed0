package dev.eddy.internal.ws;

import dev.eddy.internal.app.Exchange;
import dev.eddy.internal.app.ProtocolSwitch;
import dev.eddy.ws.WebSocketHandler;
import dev.eddy.ws.WebSocketOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;

/**
 * WsSwitch turns a connection into a WebSocket once the 101 has gone out. The pipeline it leaves:
 *
 * <pre>
 *   socket bytes                                     ^ frames out
 *        |                                           |
 *   [ws-encoder]  WebSocket13FrameEncoder  ----------+
 *   [ws-utf8-early] EarlyUtf8Check: reads along, fails text at its first non-UTF-8 byte (1007)
 *        |        even before the rest of the frame arrives
 *   [ws-decoder]  WebSocket13FrameDecoder: masks, opcodes, control frames, maxFrameBytes (1009);
 *        |        its protocol errors (1002) go to WsConnection.fail
 *   [ws-deflate-encoder / ws-deflate-decoder]  permessage-deflate, only when agreed; inflating
 *        |        stops at maxMessageBytes
 *   [ws-utf8]     Utf8FrameValidator: text must be UTF-8, checked frame by frame (1007)
 *   [ws]          WsFrameHandler: pings, Close frames, fragments joined, messages to the app
 * </pre>
 */
final class WsSwitch implements ProtocolSwitch {
  private final Exchange exchange;
  private final WebSocketOptions options;
  private final WebSocketHandler handler;
  private final String subprotocol;
  private final WebSocketServerExtension compression;
  private WsConnection connection;

  WsSwitch(Exchange exchange, WebSocketOptions options, WebSocketHandler handler, String subprotocol,
           WebSocketServerExtension compression) {
    this.exchange = exchange;
    this.options = options;
    this.handler = handler;
    this.subprotocol = subprotocol;
    this.compression = compression;
  }

  @Override
  public boolean sendsSwitchingProtocols() {
    return true;
  }

  @Override
  public void install(Channel channel) {
    WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(options.maxFrameBytes())
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        .allowExtensions(compression != null)
        .closeOnProtocolViolation(false) // WsConnection.fail sends the Close frame, after earlier callbacks
        .build();
    connection = new WsConnection(channel, exchange, exchange.json(), options, subprotocol, handler);
    ChannelPipeline p = channel.pipeline();
    p.addLast("ws-encoder", new WebSocket13FrameEncoder(false));
    p.addLast("ws-utf8-early", new EarlyUtf8Check());
    p.addLast("ws-decoder", new WebSocket13FrameDecoder(config));
    if (compression != null) {
      p.addLast("ws-deflate-encoder", compression.newExtensionEncoder());
      p.addLast("ws-deflate-decoder", compression.newExtensionDecoder());
    }
    p.addLast("ws-utf8", new Utf8FrameValidator(false));
    p.addLast("ws", new WsFrameHandler(connection, options.maxMessageBytes(), compression != null));
    connection.start();
  }

  @Override
  public void shutdown() {
    if (connection != null) {
      connection.goingAway();
    }
  }
}
