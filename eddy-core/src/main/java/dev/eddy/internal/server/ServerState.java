package dev.eddy.internal.server;

import dev.eddy.ServerOptions;
import dev.eddy.internal.app.AppHandler;
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
}
