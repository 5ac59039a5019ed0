package dev.eddy.hub;

import java.util.function.Consumer;

/**
 * Hub is publish/subscribe over named channels, for SSE, WebSocket fan-out and in-process events.
 * {@link InMemoryHub} is the implementation in core; others (Redis) live in their own modules and
 * keep the same contract:
 *
 * <ul>
 *   <li><b>Ids.</b> {@link #publish} gives each message an id. Ids increase per channel in publish
 *       order, are never reused, and need not be consecutive: don't infer holes from them.
 *   <li><b>Order.</b> A subscription gets a channel's messages in id order, each at most once.
 *   <li><b>Bounds.</b> Each subscription has a bounded queue. Publishing never waits for a
 *       subscriber: when a queue is full the subscription's {@link Overflow} drops its oldest
 *       message (and counts it) or ends it.
 *   <li><b>Resume.</b> A channel may keep a bounded history. Subscribing with
 *       {@link SubscribeOptions#afterId} delivers exactly the retained messages after that id,
 *       then live ones, with nothing lost or repeated between the two even while others publish.
 *       When that can't be done, {@link Subscription#resume()} says so ({@code GAP},
 *       {@code UNKNOWN}) instead of skipping in silence.
 *   <li><b>Close.</b> Closing the hub ends every subscription with
 *       {@link Subscription.End#HUB_CLOSED}; later calls throw {@link IllegalStateException}.
 * </ul>
 *
 * <p>Channel names are 1 to {@value #MAX_CHANNEL_NAME} characters, not blank. Bad arguments throw
 * {@link IllegalArgumentException}.
 */
public interface Hub extends AutoCloseable {
  /** The longest channel name. */
  int MAX_CHANNEL_NAME = 256;

  /** An in-memory hub without history; see {@link InMemoryHub#builder()} for history. */
  static Hub inMemory() {
    return InMemoryHub.builder().build();
  }

  /**
   * Publishes to every current subscriber of {@code channel} and to its history, if it keeps one,
   * and returns the message with its id. Never waits for subscribers; a channel nobody listens to
   * and that keeps no history just drops it.
   */
  Message publish(String channel, String event, String data);

  /**
   * Subscribes for reading with {@link Subscription#next()}, {@link Subscription#poll} or a
   * for-each loop, which block: use it from virtual threads. Close it when done.
   */
  Subscription subscribe(String channel, SubscribeOptions options);

  /**
   * Subscribes with a callback, for event-loop code. The callback gets the messages in order, one
   * call at a time, never two at once, and never on the publisher's thread: it runs on a virtual
   * thread of the hub's while the subscription has messages queued. It should return quickly (a
   * write to a channel, a queue offer); while it blocks, this subscription's queue fills and its
   * overflow policy applies. If it throws, the subscription ends with
   * {@link Subscription.End#FAILED}. {@link Subscription#whenEnded()} tells when to clean up.
   */
  Subscription subscribe(String channel, SubscribeOptions options, Consumer<Message> onMessage);

  /** How many subscriptions {@code channel} has now. */
  int subscribers(String channel);

  /** Ends every subscription ({@link Subscription.End#HUB_CLOSED}); idempotent. */
  @Override
  void close();
}
