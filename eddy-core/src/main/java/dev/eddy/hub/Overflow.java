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
   * End the subscription with {@link Subscription.End#TOO_SLOW} (what was still queued is
   * discarded): the subscriber never misses a message without learning of it. For streams where a
   * hole matters; with channel history the subscriber can resubscribe with
   * {@link SubscribeOptions#afterId(long)} set to the last message it handled.
   */
  DISCONNECT
}
