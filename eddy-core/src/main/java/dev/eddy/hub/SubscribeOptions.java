package dev.eddy.hub;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * SubscribeOptions shape one subscription: its queue, what happens when the queue is full, and
 * where it starts. Immutable; start from the overflow policy, which every subscription has to
 * choose:
 *
 * <pre>{@code
 * hub.subscribe("chat", SubscribeOptions.disconnect().afterId(lastEventId));
 * hub.subscribe("prices", SubscribeOptions.dropOldest().capacity(16));
 * }</pre>
 *
 * @param capacity how many live messages may wait for the subscriber, 1 to {@link #MAX_CAPACITY};
 *     256 unless set. Messages replayed from history on resume come first and don't count.
 * @param overflow what happens when a live message finds the queue full
 * @param afterId resume after this id: the subscription first gets the channel's retained
 *     messages with larger ids, then live ones (see {@link Subscription#resume()}). Empty: live
 *     messages only. {@code afterId(0)} replays everything retained, reported as
 *     {@code GAP} since what came before it is unknown.
 */
public record SubscribeOptions(int capacity, Overflow overflow, OptionalLong afterId) {
  /** The largest queue a subscription may have. */
  public static final int MAX_CAPACITY = 1 << 16;

  public SubscribeOptions {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "capacity must be between 1 and " + MAX_CAPACITY + ", got " + capacity);
    }
    if (overflow == null) {
      throw new IllegalArgumentException("overflow must not be null");
    }
    Objects.requireNonNull(afterId, "afterId");
    if (afterId.isPresent() && afterId.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "afterId must not be negative, got " + afterId.getAsLong());
    }
  }

  /** Live messages, 256 queued at most, the oldest dropped when full. */
  public static SubscribeOptions dropOldest() {
    return new SubscribeOptions(256, Overflow.DROP_OLDEST, OptionalLong.empty());
  }

  /** Live messages, 256 queued at most, the subscription ended when full. */
  public static SubscribeOptions disconnect() {
    return new SubscribeOptions(256, Overflow.DISCONNECT, OptionalLong.empty());
  }

  public SubscribeOptions capacity(int capacity) {
    return new SubscribeOptions(capacity, overflow, afterId);
  }

  /** Resume after {@code id}, typically an SSE {@code Last-Event-ID}. */
  public SubscribeOptions afterId(long id) {
    return new SubscribeOptions(capacity, overflow, OptionalLong.of(id));
  }
}
