package dev.eddy.bench.live;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;

/**
 * The baseline: the same endpoints as {@link EddyLiveServer} written directly on Netty, the way
 * its examples do it: {@code WebSocketServerProtocolHandler} for {@code /ws}, a chunked response
 * for {@code /sse}, and one {@link ChannelGroup} per kind whose {@code writeAndFlush} broadcasts.
 * No per-client bounds, no callbacks off the event loop: the least work that answers correctly.
 */
public final class NettyLiveServer {
  private static final ChannelGroup SSE = new DefaultChannelGroup("sse", GlobalEventExecutor.INSTANCE);
  private static final ChannelGroup WS = new DefaultChannelGroup("ws", GlobalEventExecutor.INSTANCE);

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
    Channel ch = new ServerBootstrap().group(group).channel(serverChannel)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel c) {
            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler("/ws"), new Routes());
          }
        })
        .bind("127.0.0.1", port).sync().channel();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> group.shutdownGracefully()));
    System.out.println("READY netty-live port=" + port + " cores=" + Runtime.getRuntime().availableProcessors()
        + (epoll ? " epoll" : " nio"));
    ch.closeFuture().sync();
  }

  /** Routes answers everything that is not the WebSocket: /sse, the broadcasts, /stats. */
  private static final class Routes extends SimpleChannelInboundHandler<Object> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        WS.add(ctx.channel());
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof FullHttpRequest req)) {
        return; // WebSocket frames from the client: the benchmark sends none
      }
      QueryStringDecoder uri = new QueryStringDecoder(req.uri());
      switch (uri.path()) {
        case "/sse" -> {
          HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
          head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
              .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
              .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
          ctx.writeAndFlush(head);
          SSE.add(ctx.channel());
        }
        case "/broadcast/sse" -> {
          String id = uri.parameters().get("id").get(0);
          ByteBuf event = Unpooled.copiedBuffer("data: " + id + "\n\n", StandardCharsets.UTF_8);
          int n = SSE.size();
          SSE.writeAndFlush(new DefaultHttpContent(event)); // the group sends each a duplicate
          answer(ctx, Integer.toString(n));
        }
        case "/broadcast/ws" -> {
          String id = uri.parameters().get("id").get(0);
          int n = WS.size();
          WS.writeAndFlush(new TextWebSocketFrame(id));
          answer(ctx, Integer.toString(n));
        }
        case "/stats" -> answer(ctx, Stats.line(SSE.size(), WS.size(), !uri.parameters().containsKey("nogc")));
        default -> answer(ctx, "not found");
      }
    }

    private static void answer(ChannelHandlerContext ctx, String text) {
      DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain").setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes())
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
