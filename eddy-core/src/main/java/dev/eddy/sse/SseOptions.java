package dev.eddy.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * SseOptions bound an event stream.
 *
 * @param keepAlive how often a comment goes out when nothing else does (finds dead peers)
 * @param maxQueuedBytes most bytes waiting for one client before it is disconnected
 */
public record SseOptions(Duration keepAlive, long maxQueuedBytes) {
  public SseOptions {
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("keepAlive must be positive, got " + keepAlive);
    }
    if (maxQueuedBytes < 1024) {
      throw new IllegalArgumentException("maxQueuedBytes must be at least 1024, got " + maxQueuedBytes);
    }
  }

  public static SseOptions defaults() {
    return new SseOptions(Duration.ofSeconds(15), 1 << 20);
  }

  public SseOptions keepAlive(Duration v) {
    return new SseOptions(v, maxQueuedBytes);
  }

  public SseOptions maxQueuedBytes(long v) {
    return new SseOptions(keepAlive, v);
  }
}
