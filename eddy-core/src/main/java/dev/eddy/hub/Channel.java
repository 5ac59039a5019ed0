package dev.eddy.hub;

import dev.eddy.hub.Subscription.End;
import dev.eddy.internal.hub.HistoryRules;
import dev.eddy.internal.hub.QueuedSubscription;
import dev.eddy.hub.Subscription.Resume;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Channel is one named channel of an {@link InMemoryHub}: its subscribers and its history. Every
 * method holds the channel's monitor, so a publish (id, history, fan-out) and a subscribe
 * (history snapshot, registration) are atomic with respect to each other: that is the whole
 * no-loss, no-duplicate resume argument.
 *
 * <p>Ids: {@code (floor, last]} are all in history; ids up to {@code floor} are unknown here
 * (trimmed, never kept, or from before this channel object existed). A channel without history
 * has {@code floor == last}.
 *
 * <p>A channel leaves the hub's map once it has no subscribers and no history (or is evicted, or
 * the hub closes) and is marked {@code removed}; callers holding it retry with a fresh one.
 */
final class Channel {
  private final String name;
  private final InMemoryHub hub;
  private final HistoryRules.Rule rule; // null: no history
  private final long maxAgeNanos; // 0: any age
  private final ArrayDeque<Kept> history;
  private final Set<QueuedSubscription> subscribers = new LinkedHashSet<>();
  private long floor;
  private long last;
  private boolean removed;

  private record Kept(Message message, long at) {}

  Channel(String name, InMemoryHub hub, HistoryRules.Rule rule) {
    this.name = name;
    this.hub = hub;
    this.rule = rule;
    this.maxAgeNanos = rule == null ? 0 : rule.maxAgeNanos();
    this.history = rule == null ? null : new ArrayDeque<>();
  }

  String name() {
    return name;
  }

  /** Sets the first ids; the hub calls it after putting the channel in its map. */
  synchronized void open(long currentId) {
    floor = currentId;
    last = currentId;
  }

  /** Publishes with the next id; null if the channel was removed. */
  synchronized Message publish(String event, String data) {
    if (removed) {
      return null;
    }
    Message m = new Message(name, hub.nextId(), event, data);
    last = m.id();
    if (rule == null) {
      floor = last;
    } else {
      long now = maxAgeNanos > 0 ? hub.nanoTime() : 0;
      history.addLast(new Kept(m, now));
      trim(now);
    }
    for (Iterator<QueuedSubscription> it = subscribers.iterator(); it.hasNext(); ) {
      if (!it.next().offer(m)) {
        it.remove();
      }
    }
    removeIfIdle();
    return m;
  }

  /**
   * Registers a subscription that first replays what {@code options.afterId()} asks for; null if
   * the channel was removed.
   */
  synchronized QueuedSubscription subscribe(
      SubscribeOptions options, Consumer<Message> onMessage, ThreadFactory threads) {
    if (removed) {
      return null;
    }
    expire();
    Resume resume = Resume.LIVE;
    Message[] replay = new Message[0];
    if (options.afterId().isPresent()) {
      long after = options.afterId().getAsLong();
      resume = after > last ? Resume.UNKNOWN : after < floor ? Resume.GAP : Resume.COMPLETE;
      replay = retainedAfter(resume == Resume.COMPLETE ? after : Long.MIN_VALUE);
    }
    QueuedSubscription sub =
        new QueuedSubscription(name, this::unregister, options, resume, replay, onMessage, threads);
    subscribers.add(sub);
    sub.start();
    return sub;
  }

  synchronized void unregister(QueuedSubscription sub) {
    if (subscribers.remove(sub)) {
      expire();
      removeIfIdle();
    }
  }

  synchronized int subscriberCount() {
    return subscribers.size();
  }

  /** The newest id published here: channels that published last are evicted last. */
  synchronized long lastId() {
    return last;
  }

  synchronized boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }

  /** Removes the channel, history and all, if nobody subscribes to it; true if it did. */
  synchronized boolean evictIfIdle() {
    if (removed || !subscribers.isEmpty()) {
      return false;
    }
    remove();
    return true;
  }

  /** Ends every subscription with HUB_CLOSED and removes the channel. */
  synchronized void close() {
    for (QueuedSubscription sub : subscribers) {
      sub.end(End.HUB_CLOSED);
    }
    subscribers.clear();
    remove();
  }

  private Message[] retainedAfter(long after) {
    if (history == null) {
      return new Message[0];
    }
    int n = 0;
    for (Iterator<Kept> it = history.descendingIterator(); it.hasNext(); n++) {
      if (it.next().message().id() <= after) {
        break;
      }
    }
    Message[] out = new Message[n];
    Iterator<Kept> it = history.descendingIterator();
    for (int i = n - 1; i >= 0; i--) {
      out[i] = it.next().message();
    }
    return out;
  }

  private void expire() {
    if (rule != null && maxAgeNanos > 0) {
      trim(hub.nanoTime());
    }
  }

  private void trim(long now) {
    while (history.size() > rule.maxCount()
        || (maxAgeNanos > 0
            && !history.isEmpty()
            && now - history.peekFirst().at() > maxAgeNanos)) {
      floor = history.pollFirst().message().id();
    }
  }

  private void removeIfIdle() {
    if (subscribers.isEmpty() && (history == null || history.isEmpty())) {
      remove();
    }
  }

  private void remove() {
    if (!removed) {
      removed = true;
      hub.forget(this);
    }
  }
}
