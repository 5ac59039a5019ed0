package dev.eddy.hub;

import dev.eddy.internal.hub.HistoryRules;
import dev.eddy.internal.hub.HubArguments;
import dev.eddy.internal.hub.QueuedSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * InMemoryHub is the {@link Hub} of one process. Channels keep history only where configured:
 *
 * <pre>{@code
 * Hub hub = InMemoryHub.builder()
 *     .history("chat:*", 1000, Duration.ofMinutes(10)) // every channel starting with "chat:"
 *     .history("news", 100)                            // just "news"
 *     .build();
 * }</pre>
 *
 * <p><b>Ids</b> come from one counter for the whole hub, which starts at the wall clock in
 * milliseconds times 1000. So a client resuming with an id from an earlier run of the process
 * (before a restart) gets {@link Subscription.Resume#GAP}, not a silent skip, unless that run
 * averaged over a million messages a second; and ids stay below 2<sup>53</sup>, exact in
 * JavaScript, for two centuries.
 *
 * <p><b>Bounds.</b> Each subscription's queue is bounded by its capacity, each channel's history
 * by its count (and age, trimmed as the channel is used). A channel object exists only while it
 * has subscribers or history. Past {@link Builder#maxChannels} channels, the hub evicts channels
 * without subscribers, least recently published first, history and all (a later resume then
 * reports {@code GAP}); channels with subscribers are never evicted, so their number is bounded by
 * the subscriptions callers hold.
 *
 * <p><b>Threads.</b> Readers use their own threads. Callback subscriptions get a virtual thread
 * only while they have messages to deliver; an idle or closed subscription holds none.
 */
public final class InMemoryHub implements Hub {
  private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
  private final AtomicLong ids;
  private final HistoryRules rules;
  private final int maxChannels;
  private final ThreadFactory threads;
  private final LongSupplier nanoTime;
  private final Object creation = new Object(); // guards channel creation, eviction, closed
  private int nextEvictionAt;
  private volatile boolean closed;

  private InMemoryHub(Builder b) {
    this.ids = new AtomicLong(b.firstId);
    this.rules = b.rules.copy();
    this.maxChannels = b.maxChannels;
    this.threads = b.threads;
    this.nanoTime = b.nanoTime;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Message publish(String channel, String event, String data) {
    HubArguments.checkPublish(channel, event, data);
    for (;;) {
      requireOpen();
      Channel ch = channels.get(channel);
      if (ch == null) {
        HistoryRules.Rule rule = rules.forChannel(channel);
        if (rule == null) {
          // Nobody listens and nothing is kept: just take an id. A channel created after the
          // id was taken starts with a floor at or above it, so no subscriber of it expected it.
          long id = nextId();
          if (channels.get(channel) == null) {
            return new Message(channel, id, event, data);
          }
          continue;
        }
        ch = channelFor(channel);
      }
      Message m = ch.publish(event, data);
      if (m != null) {
        return m;
      }
    }
  }

  @Override
  public Subscription subscribe(String channel, SubscribeOptions options) {
    return register(channel, options, null);
  }

  @Override
  public Subscription subscribe(
      String channel, SubscribeOptions options, Consumer<Message> onMessage) {
    if (onMessage == null) {
      throw new IllegalArgumentException("onMessage must not be null");
    }
    return register(channel, options, onMessage);
  }

  private Subscription register(
      String channel, SubscribeOptions options, Consumer<Message> onMessage) {
    HubArguments.checkSubscribe(channel, options);
    for (;;) {
      requireOpen();
      Channel ch = channels.get(channel);
      if (ch == null) {
        ch = channelFor(channel);
      }
      QueuedSubscription sub = ch.subscribe(options, onMessage, threads);
      if (sub != null) {
        return sub;
      }
    }
  }

  @Override
  public int subscribers(String channel) {
    HubArguments.checkChannel(channel);
    Channel ch = channels.get(channel);
    return ch == null ? 0 : ch.subscriberCount();
  }

  @Override
  public void close() {
    synchronized (creation) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (Channel ch : channels.values()) {
      ch.close();
    }
  }

  @Override
  public String toString() {
    return "InMemoryHub(" + channels.size() + " channels" + (closed ? ", closed)" : ")");
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  /** Takes a removed channel out of the map; the channel calls it under its monitor. */
  void forget(Channel ch) {
    channels.remove(ch.name(), ch);
  }

  /**
   * Returns the channel named {@code name}, creating it if needed. The new channel's monitor is
   * held from the moment it is in the map until its floor is set, and the floor is read after
   * that: any id taken by a publisher that did not find the channel is at or below it.
   */
  private Channel channelFor(String name) {
    synchronized (creation) {
      requireOpen();
      Channel ch = channels.get(name);
      if (ch != null) {
        return ch;
      }
      makeRoom();
      ch = new Channel(name, this, rules.forChannel(name));
      synchronized (ch) {
        channels.put(name, ch);
        ch.open(ids.get());
      }
      return ch;
    }
  }

  /**
   * Evicts channels without subscribers, least recently published first, once the map holds
   * maxChannels. It evicts a sixteenth of maxChannels more than needed, and after a scan that
   * could not get under the limit it waits for that many new channels before scanning again, so
   * scans stay rare when every channel has subscribers.
   */
  private void makeRoom() {
    int size = channels.size();
    if (size < maxChannels || size < nextEvictionAt) {
      return;
    }
    int batch = Math.max(1, maxChannels / 16);
    record Candidate(Channel channel, long lastId) {}
    List<Candidate> idle = new ArrayList<>();
    for (Channel ch : channels.values()) {
      if (!ch.hasSubscribers()) {
        idle.add(new Candidate(ch, ch.lastId()));
      }
    }
    idle.sort(Comparator.comparingLong(Candidate::lastId));
    int toEvict = size - maxChannels + batch;
    for (int i = 0; i < idle.size() && toEvict > 0; i++) {
      if (idle.get(i).channel().evictIfIdle()) {
        toEvict--;
      }
    }
    nextEvictionAt = channels.size() + batch;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the hub is closed");
    }
  }

  /** Builder configures an {@link InMemoryHub}; not thread-safe. */
  public static final class Builder {
    /** The most messages one channel's history may keep. */
    public static final int MAX_HISTORY = HistoryRules.MAX_HISTORY;

    private final HistoryRules rules = new HistoryRules();
    private int maxChannels = 10_000;
    private ThreadFactory threads = Thread.ofVirtual().name("eddy-hub-", 1).factory();
    private LongSupplier nanoTime = System::nanoTime;
    private long firstId = System.currentTimeMillis() * 1000;

    private Builder() {}

    /** Keeps the last {@code maxCount} messages of the matching channels, of any age. */
    public Builder history(String channels, int maxCount) {
      return history(channels, maxCount, Duration.ZERO);
    }

    /**
     * Keeps the last {@code maxCount} messages of the matching channels, none older than
     * {@code maxAge} ({@link Duration#ZERO}: no age limit). {@code channels} is a channel name or
     * a prefix ending in {@code *}: {@code "chat:*"}, or {@code "*"} for all. An exact name wins,
     * then the longest prefix.
     */
    public Builder history(String channels, int maxCount, Duration maxAge) {
      rules.add(channels, maxCount, maxAge);
      return this;
    }

    /**
     * Past this many channels the hub evicts channels without subscribers, with their history
     * (see {@link InMemoryHub}); 10,000 unless set.
     */
    public Builder maxChannels(int maxChannels) {
      this.maxChannels = HubArguments.checkMaxChannels(maxChannels);
      return this;
    }

    /** Where callbacks run; tests count threads with it. */
    Builder threads(ThreadFactory threads) {
      this.threads = Objects.requireNonNull(threads, "threads");
      return this;
    }

    /** The clock history ages are measured with; tests move it by hand. */
    Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /** The id the first message follows; tests pretend a restart with it. */
    Builder firstId(long firstId) {
      this.firstId = firstId;
      return this;
    }

    public InMemoryHub build() {
      return new InMemoryHub(this);
    }
  }
}
