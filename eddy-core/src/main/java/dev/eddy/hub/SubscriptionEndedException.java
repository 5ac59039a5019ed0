package dev.eddy.hub;

/**
 * SubscriptionEndedException is thrown by {@link Subscription#next()} and
 * {@link Subscription#poll} once the subscription has ended; {@link #end()} says why.
 */
public final class SubscriptionEndedException extends IllegalStateException {
  private final String channel;
  private final Subscription.End end;

  public SubscriptionEndedException(String channel, Subscription.End end) {
    super("subscription to '" + channel + "' ended: " + end.description());
    this.channel = channel;
    this.end = end;
  }

  public String channel() {
    return channel;
  }

  public Subscription.End end() {
    return end;
  }
}
