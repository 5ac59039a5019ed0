package dev.eddy.bench.netty;

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
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline: Netty's {@code example/http/helloworld} server (HttpServerCodec, no aggregator,
 * write in channelRead, flush in channelReadComplete) with the three benchmark endpoints, a Date
 * header and Jackson 3 for JSON, as Eddy does. One event loop thread per available core.
 */
public final class NettyRawServer {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  static final AsciiString TEXT = AsciiString.cached("text/plain; charset=utf-8");
  static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");

  public record Message(String message) {}

  public record User(String id, String name) {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    int threads = Runtime.getRuntime().availableProcessors();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, ioFactory);
    try {
      Channel ch = new ServerBootstrap()
          .group(group)
          .channel(serverChannel)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
            }
          })
          .bind("127.0.0.1", port).sync().channel();
      System.out.println("READY netty-raw port=" + port + " transport=" + (epoll ? "epoll" : "nio")
          + " threads=" + threads + " netty=" + nettyVersion());
      ch.closeFuture().sync();
    } finally {
      group.shutdownGracefully();
    }
  }

  private static String nettyVersion() {
    return io.netty.util.Version.identify().values().stream()
        .map(io.netty.util.Version::artifactVersion).findFirst().orElse("?");
  }

  static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest req)) {
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      String uri = req.uri();
      int q = uri.indexOf('?');
      String path = q < 0 ? uri : uri.substring(0, q);
      HttpResponseStatus status = HttpResponseStatus.OK;
      ByteBuf content;
      AsciiString type;
      if (req.method() != HttpMethod.GET) {
        status = HttpResponseStatus.METHOD_NOT_ALLOWED;
        content = Unpooled.EMPTY_BUFFER;
        type = TEXT;
      } else if (path.equals("/plaintext")) {
        content = Unpooled.wrappedBuffer(HELLO);
        type = TEXT;
      } else if (path.equals("/json")) {
        content = Unpooled.wrappedBuffer(JSON.writeValueAsBytes(new Message("Hello, World!")));
        type = APPLICATION_JSON;
      } else if (path.startsWith("/users/") && path.length() > 7 && path.indexOf('/', 7) < 0) {
        String id = path.substring(7);
        content = Unpooled.wrappedBuffer(JSON.writeValueAsBytes(new User(id, "User " + id)));
        type = APPLICATION_JSON;
      } else {
        status = HttpResponseStatus.NOT_FOUND;
        content = Unpooled.EMPTY_BUFFER;
        type = TEXT;
      }
      FullHttpResponse response = new DefaultFullHttpResponse(req.protocolVersion(), status, content);
      HttpHeaders h = response.headers();
      h.set(HttpHeaderNames.CONTENT_TYPE, type);
      h.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
      h.set(HttpHeaderNames.DATE, DateHeader.now());
      if (keepAlive) {
        if (!req.protocolVersion().isKeepAliveDefault()) {
          h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response, ctx.voidPromise());
      } else {
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.write(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** The Date header, formatted at most once a second (as Eddy's DateHeader does). */
  static final class DateHeader {
    private record Cached(long second, AsciiString value) {}

    private static final DateTimeFormatter IMF_FIXDATE =
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static volatile Cached cached = new Cached(-1, AsciiString.EMPTY_STRING);

    static AsciiString now() {
      long second = System.currentTimeMillis() / 1000;
      Cached c = cached;
      if (c.second != second) {
        c = new Cached(second, AsciiString.cached(IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC))));
        cached = c;
      }
      return c.value;
    }
  }
}
