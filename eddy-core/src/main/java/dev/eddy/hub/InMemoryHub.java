package dev.eddy.hub;

import dev.eddy.internal.hub.QueuedSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private final Map<String, HistoryRule> exactRules;
  private final List<HistoryRule> prefixRules; // longest prefix first
  private final int maxChannels;
  private final ThreadFactory threads;
  private final LongSupplier nanoTime;
  private final Object creation = new Object(); // guards channel creation, eviction, closed
  private int nextEvictionAt;
  private volatile boolean closed;

  private InMemoryHub(Builder b) {
    this.ids = new AtomicLong(b.firstId);
    this.exactRules = Map.copyOf(b.exactRules);
    this.prefixRules = b.prefixRules.stream()
        .sorted(Comparator.comparingInt((HistoryRule r) -> r.pattern().length()).reversed())
        .toList();
    this.maxChannels = b.maxChannels;
    this.threads = b.threads;
    this.nanoTime = b.nanoTime;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Message publish(String channel, String event, String data) {
    checkChannel(channel);
    if (event == null) {
      throw new IllegalArgumentException("event must not be null");
    }
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    for (;;) {
      requireOpen();
      Channel ch = channels.get(channel);
      if (ch == null) {
        HistoryRule rule = historyFor(channel);
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
    checkChannel(channel);
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
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
    checkChannel(channel);
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
      ch = new Channel(name, this, historyFor(name));
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

  private HistoryRule historyFor(String channel) {
    HistoryRule exact = exactRules.get(channel);
    if (exact != null) {
      return exact;
    }
    for (HistoryRule r : prefixRules) {
      if (channel.startsWith(r.prefix())) {
        return r;
      }
    }
    return null;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the hub is closed");
    }
  }

  private static void checkChannel(String channel) {
    if (channel == null) {
      throw new IllegalArgumentException("channel name must not be null");
    }
    if (channel.isBlank()) {
      throw new IllegalArgumentException("channel name must not be blank, got '" + channel + "'");
    }
    if (channel.length() > MAX_CHANNEL_NAME) {
      throw new IllegalArgumentException("channel name must be at most " + MAX_CHANNEL_NAME
          + " characters, got " + channel.length());
    }
  }

  /** A history setting for one channel, or for every channel with a prefix ({@code "chat:*"}). */
  record HistoryRule(String pattern, int maxCount, long maxAgeNanos) {
    String prefix() {
      return pattern.substring(0, pattern.length() - 1);
    }
  }

  /** Builder configures an {@link InMemoryHub}; not thread-safe. */
  public static final class Builder {
    /** The most messages one channel's history may keep. */
    public static final int MAX_HISTORY = 1 << 20;

    private final Map<String, HistoryRule> exactRules = new HashMap<>();
    private final List<HistoryRule> prefixRules = new ArrayList<>();
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
      if (channels == null || channels.isBlank()) {
        throw new IllegalArgumentException("history needs a channel name or prefix*, got "
            + (channels == null ? "null" : "'" + channels + "'"));
      }
      int star = channels.indexOf('*');
      if (star >= 0 && star != channels.length() - 1) {
        throw new IllegalArgumentException(
            "'*' may only end a history pattern (a prefix), got '" + channels + "'");
      }
      if (maxCount < 1 || maxCount > MAX_HISTORY) {
        throw new IllegalArgumentException("history maxCount must be between 1 and " + MAX_HISTORY
            + ", got " + maxCount);
      }
      if (maxAge == null || maxAge.isNegative()) {
        throw new IllegalArgumentException(
            "history maxAge must be zero (no limit) or positive, got " + maxAge);
      }
      long maxAgeNanos = maxAge.compareTo(Duration.ofDays(365 * 100)) > 0
          ? Duration.ofDays(365 * 100).toNanos() : maxAge.toNanos();
      HistoryRule rule = new HistoryRule(channels, maxCount, maxAgeNanos);
      boolean prefix = channels.endsWith("*");
      boolean known = prefix
          ? prefixRules.stream().anyMatch(r -> r.pattern().equals(channels))
          : exactRules.containsKey(channels);
      if (known) {
        throw new IllegalArgumentException("history for '" + channels + "' is already set");
      }
      if (prefix) {
        prefixRules.add(rule);
      } else {
        exactRules.put(channels, rule);
      }
      return this;
    }

    /**
     * Past this many channels the hub evicts channels without subscribers, with their history
     * (see {@link InMemoryHub}); 10,000 unless set.
     */
    public Builder maxChannels(int maxChannels) {
      if (maxChannels < 1) {
        throw new IllegalArgumentException("maxChannels must be positive, got " + maxChannels);
      }
      this.maxChannels = maxChannels;
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
