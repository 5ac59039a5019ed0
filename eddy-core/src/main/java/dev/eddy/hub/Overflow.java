package dev.eddy.hub;

/**
 * Overflow says what happens when a message arrives for a subscription whose queue is full. The
 * publisher never waits either way.
 */
public enum Overflow {
  /**
   * Drop the oldest queued message to make room: the subscriber keeps the newest and
   * {@link Subscription#dropped()} counts what it missed. For state that only matters when fresh
   * (prices, presence, progress).
   */
  DROP_OLDEST,

  /**
   * End the subscription with {@link Subscription.End#TOO_SLOW}: the subscriber sees every message
   * up to the point it fell behind, or learns that it didn't. For streams where a hole matters;
   * with channel history the subscriber can reconnect with {@link SubscribeOptions#afterId(long)}
   * and pick up where it stopped.
   */
  DISCONNECT
}
