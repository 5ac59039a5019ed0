package dev.eddy.internal.server;

import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * LoopSweeper checks the timeouts of every connection on one event loop, four times a second, so
 * no request pays for a timer of its own. Its set is touched only on its loop.
 */
final class LoopSweeper {
  private static final long PERIOD_MS = 250;
  private final EventLoop loop;
  private final Set<HttpBridge> connections = new HashSet<>();

  private LoopSweeper(EventLoop loop) {
    this.loop = loop;
  }

  static LoopSweeper start(EventLoop loop) {
    LoopSweeper s = new LoopSweeper(loop);
    loop.scheduleAtFixedRate(s::sweep, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    return s;
  }

  void add(HttpBridge bridge) {
    connections.add(bridge);
  }

  void remove(HttpBridge bridge) {
    connections.remove(bridge);
  }

  /** Asks every connection on this loop to close when idle, and reports how many are left. */
  void drainAll() {
    loop.execute(() -> {
      for (HttpBridge b : connections.toArray(new HttpBridge[0])) {
        b.drain();
      }
    });
  }

  /** Closes every connection on this loop now. */
  void closeAll() {
    loop.execute(() -> {
      for (HttpBridge b : connections.toArray(new HttpBridge[0])) {
        b.abortConnection();
      }
    });
  }

  private void sweep() {
    long now = System.nanoTime();
    for (HttpBridge b : connections.toArray(new HttpBridge[0])) {
      b.checkTimeouts(now);
    }
  }
}
