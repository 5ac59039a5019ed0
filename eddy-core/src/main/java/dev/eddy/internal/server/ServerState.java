package dev.eddy.internal.server;

import dev.eddy.ServerOptions;
import dev.eddy.internal.app.AppHandler;
import dev.eddy.internal.app.ProtocolSwitch;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** ServerState is what every connection of one server shares: the app, limits and shutdown flag. */
final class ServerState {
  private final AppHandler app;
  private final ServerOptions options;
  private final long handlerTimeoutNanos;
  private final long headerReadTimeoutNanos;
  private final long idleTimeoutNanos;
  private final Map<EventLoop, LoopSweeper> sweepers = new ConcurrentHashMap<>();
  private final Map<EventLoop, LoopHandoff> handoffs = new ConcurrentHashMap<>();
  /** Connections handed to another protocol, told when the server stops. */
  private final Map<io.netty.channel.Channel, ProtocolSwitch> switched = new ConcurrentHashMap<>();
  final AtomicInteger connections = new AtomicInteger();
  private volatile boolean draining;

  ServerState(AppHandler app, ServerOptions options) {
    this.app = app;
    this.options = options;
    this.handlerTimeoutNanos = options.handlerTimeout().toNanos();
    this.headerReadTimeoutNanos = options.headerReadTimeout().toNanos();
    this.idleTimeoutNanos = options.idleTimeout().toNanos();
  }

  AppHandler app() {
    return app;
  }

  ServerOptions options() {
    return options;
  }

  long handlerTimeoutNanos() {
    return handlerTimeoutNanos;
  }

  long headerReadTimeoutNanos() {
    return headerReadTimeoutNanos;
  }

  long idleTimeoutNanos() {
    return idleTimeoutNanos;
  }

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }

  /** The sweeper of an event loop, started on first use. */
  LoopSweeper sweeper(EventLoop loop) {
    return sweepers.computeIfAbsent(loop, LoopSweeper::start);
  }

  /** The hand-off to virtual threads of an event loop. */
  LoopHandoff handoff(EventLoop loop) {
    return handoffs.computeIfAbsent(loop, LoopHandoff::new);
  }

  Iterable<LoopSweeper> sweepers() {
    return sweepers.values();
  }

  /** Remembers a switched connection until it closes; one that switches while draining stops at once. */
  void switched(io.netty.channel.Channel channel, ProtocolSwitch sw) {
    switched.put(channel, sw);
    channel.closeFuture().addListener(f -> switched.remove(channel));
    if (draining) {
      sw.shutdown();
    }
  }

  /** Asks every switched connection to end its protocol (WebSocket: 1001), each on its own loop. */
  void shutdownSwitched() {
    switched.forEach((channel, sw) -> channel.eventLoop().execute(sw::shutdown));
  }

  /** Closes every switched connection still open. */
  void closeSwitched() {
    switched.keySet().forEach(io.netty.channel.Channel::close);
  }
}
