package dev.eddy.client;

import dev.eddy.test.LeakWatch;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * EchoServer is a small Netty WebSocket server on 127.0.0.1 that sends what Eddy's own server
 * never does (fragmented messages, a Ping on demand), for the client's tests and as the backend
 * of the proxy's; the client's other tests run against Eddy's server ({@link WsPeer}). It echoes
 * text and binary messages, and obeys text commands:
 *
 * <pre>
 *   fragment          a text message in three frames: "Hel" "lo, " "world"
 *   fragment-binary   a binary message in two frames: 1 2 | 3 4 5
 *   origin            the handshake's Origin header
 *   ping              a Ping; the Pong it gets back is noted in {@link #heard}
 *   close             a Close with 4001 "bye"
 *   big SIZE          one text message of SIZE chars
 * </pre>
 *
 * Close frames from the client are noted in {@link #heard} as {@code close:<code> <reason>} and
 * answered with the same code, or end the connection if they answer the server's. Every frame is
 * released: tests run with paranoid leak detection.
 */
public final class EchoServer implements AutoCloseable {
  static {
    LeakWatch.install();
  }

  /** What the server saw that the client can't tell it: Pongs, Close frames. */
  final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;

  public EchoServer() throws InterruptedException {
    WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/ws")
        .dropPongFrames(false)
        .handleCloseFrames(false) // Echo notes and answers them
        .forceCloseTimeoutMillis(2000)
        .build();
    channel = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler(config), new Echo());
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  public URI uri() {
    return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + "/ws");
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
    private String origin;
    private boolean closeSent;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
        origin = done.requestHeaders().get("Origin");
      }
      super.userEventTriggered(ctx, event);
    }

    /** The frame is released when this returns; what is echoed is retained first. */
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      switch (frame) {
        case TextWebSocketFrame text -> command(ctx, text);
        case BinaryWebSocketFrame binary -> ctx.writeAndFlush(binary.retain());
        case PongWebSocketFrame pong -> heard.add("pong:" + pong.content().toString(StandardCharsets.UTF_8));
        case CloseWebSocketFrame close -> {
          heard.add("close:" + close.statusCode() + " " + close.reasonText());
          if (closeSent) {
            ctx.close(); // the answer to our Close
          } else {
            closeSent = true;
            ctx.writeAndFlush(close.retain()).addListener(ChannelFutureListener.CLOSE);
          }
        }
        default -> { }
      }
    }

    private void command(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      String[] words = frame.text().split(" ");
      switch (words[0]) {
        case "fragment" -> {
          ctx.write(new TextWebSocketFrame(false, 0, "Hel"));
          ctx.write(new ContinuationWebSocketFrame(false, 0, "lo, "));
          ctx.writeAndFlush(new ContinuationWebSocketFrame(true, 0, "world"));
        }
        case "fragment-binary" -> {
          ctx.write(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {1, 2})));
          ctx.writeAndFlush(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {3, 4, 5})));
        }
        case "origin" -> ctx.writeAndFlush(new TextWebSocketFrame(String.valueOf(origin)));
        case "ping" -> ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.copiedBuffer("are you there", StandardCharsets.UTF_8)));
        case "close" -> {
          closeSent = true;
          ctx.writeAndFlush(new CloseWebSocketFrame(4001, "bye"));
        }
        case "big" -> ctx.writeAndFlush(new TextWebSocketFrame("x".repeat(Integer.parseInt(words[1]))));
        default -> ctx.writeAndFlush(frame.retain());
      }
    }
  }
}
