package dev.eddy.internal.hub;

import dev.eddy.hub.Message;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription;
import dev.eddy.hub.SubscriptionEndedException;
import dev.eddy.internal.feed.BoundedFeed;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QueuedSubscription is the subscription of Eddy's hubs (the in-memory one and the Redis one): a
 * {@link BoundedFeed} of messages, those replayed from history first, that its channel fills under
 * the channel's monitor. The channel is whatever owns it: {@code unregister} takes it out when it
 * ends by itself (closed, or its callback threw).
 *
 * <p>Lock order: the channel's monitor, then the feed's lock; never the other way round.
 */
public final class QueuedSubscription extends BoundedFeed<Message, Subscription.End>
    implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);
  private static final Ends<End> ENDS = new Ends<>(End.CLOSED, End.TOO_SLOW, End.FAILED);

  private final String channel;
  private final Consumer<QueuedSubscription> unregister;
  private final Resume resume;

  public QueuedSubscription(
      String channel,
      Consumer<QueuedSubscription> unregister,
      SubscribeOptions options,
      Resume resume,
      Message[] replay,
      Consumer<Message> onMessage,
      ThreadFactory threads) {
    super("subscription to '" + channel + "'", options.capacity(), options.overflow(), ENDS, replay,
        onMessage, threads);
    this.channel = channel;
    this.unregister = unregister;
    this.resume = resume;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public Resume resume() {
    return resume;
  }

  @Override
  protected RuntimeException endedException(End reason) {
    return new SubscriptionEndedException(channel, reason);
  }

  @Override
  protected void callbackFailed(Message m, Throwable t) {
    log.warn("Hub callback on channel '{}' threw; the subscription ends", channel, t);
  }

  @Override
  protected void leaveOwner() {
    unregister.accept(this);
  }

  @Override
  public String toString() {
    return "Subscription(" + channel + ", " + state() + ")";
  }
}
