package dev.eddy.internal.server;

import dev.eddy.ServerOptions;
import dev.eddy.internal.app.AppHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NettyServer owns the sockets: it binds, serves through {@link ServerInitializer}, and shuts down
 * gracefully. Started by {@code App.start}.
 */
public final class NettyServer {
  private static final Logger log = LoggerFactory.getLogger(NettyServer.class);

  private final ServerState state;
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final int port;
  private volatile LoopWatchdog watchdog;

  private NettyServer(ServerState state, EventLoopGroup group, Channel serverChannel) {
    this.state = state;
    this.group = group;
    this.serverChannel = serverChannel;
    this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /**
   * Binds and returns once accepting; throws {@link IllegalStateException} naming the address if it
   * can't. With {@code tls} (null for plain HTTP) every connection starts with a TLS handshake of at
   * most {@code handshakeTimeoutMillis}. With a {@code debugThreshold}, anything holding an event
   * loop longer is logged.
   */
  public static NettyServer start(AppHandler app, ServerOptions options, SslContext tls, long handshakeTimeoutMillis,
                                  int port, Duration debugThreshold) {
    ServerState state = new ServerState(app, options);
    Transport transport = Transport.choose(options.nativeTransport());
    int threads = options.eventLoopThreads() > 0 ? options.eventLoopThreads() : Runtime.getRuntime().availableProcessors();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("eddy-loop", false), transport.ioHandlerFactory());
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(transport.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          // A client may half-close after its request and still wait for the answer.
          .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
          // Reads of at most 64 KiB bound how many pipelined requests one read can queue.
          .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, 64 * 1024))
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
          .childHandler(new ServerInitializer(state, tls, handshakeTimeoutMillis))
          .bind(options.host(), port)
          .syncUninterruptibly()
          .channel();
      NettyServer server = new NettyServer(state, group, channel);
      if (debugThreshold != null) {
        server.watchdog = LoopWatchdog.start(group, debugThreshold);
      }
      log.info("Eddy listening on {}:{} ({}{}, {} event loop threads)", options.host(), server.port,
          tls == null ? "" : "https, ", transport.name(), threads);
      return server;
    } catch (Exception e) { // bind failures arrive as (sneakily thrown) IOExceptions
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("Can't listen on " + options.host() + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  /**
   * Stops accepting, lets in-flight requests finish within {@code grace} (responses meanwhile carry
   * {@code Connection: close}), then closes every connection and the event loops.
   */
  public void stop(Duration grace) {
    if (watchdog != null) {
      watchdog.stop();
    }
    serverChannel.close().syncUninterruptibly();
    state.startDraining();
    state.sweepers().forEach(LoopSweeper::drainAll);
    state.shutdownSwitched();
    long deadline = System.nanoTime() + grace.toNanos();
    while (state.connections.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (state.connections.get() > 0) {
      log.warn("Closing {} connections still busy after the {} ms grace period", state.connections.get(), grace.toMillis());
      state.sweepers().forEach(LoopSweeper::closeAll);
      state.closeSwitched();
    }
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
