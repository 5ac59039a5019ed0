package dev.eddy.redis;

import dev.eddy.hub.Hub;
import dev.eddy.hub.Message;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription;
import dev.eddy.internal.hub.HistoryRules;
import dev.eddy.internal.hub.HubArguments;
import dev.eddy.internal.hub.QueuedSubscription;
import dev.eddy.redis.internal.HubChannel;
import dev.eddy.redis.internal.LuaScript;
import dev.eddy.redis.internal.StreamIds;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RedisHub is a {@link Hub} shared by every instance connected to one Redis: a message published on
 * any instance reaches the subscribers of its channel on all of them, and a subscriber that
 * reconnects to another instance resumes from its {@code Last-Event-ID} there.
 *
 * <pre>{@code
 * Hub hub = RedisHub.builder(redis)
 *     .history("chat", 500, Duration.ofMinutes(10))   // as InMemoryHub: name or prefix*
 *     .build();
 * }</pre>
 *
 * <p><b>How.</b> Each channel is a Redis stream. {@link #publish} runs one script that appends the
 * message ({@code XADD} with {@code MAXLEN ~} the history count, {@code XTRIM MINID} by age) and
 * returns its id. Each instance's stream reader ({@code XREAD BLOCK}, one connection) follows the
 * channels that have subscribers on this instance and fans their entries out to the local
 * subscriptions, which keep the Hub's bounded queues and overflow policies.
 *
 * <p><b>Ids</b> are {@code ms * 1000 + seq} of the stream id {@code ms-seq}, from the Redis
 * server's clock, so they increase per channel across instances and restarts and stay exact in
 * JavaScript. <b>Resume</b> follows the Hub contract: the channel's floor is the larger of where its
 * keys were (re)created and Redis's {@code max-deleted-entry-id}, so a trimmed, expired or foreign
 * id gives {@code GAP} and an id above the channel's last one {@code UNKNOWN}.
 *
 * <p><b>Delivery</b> is at most once per subscription and loses nothing while the entry is still
 * in the stream: a reader that loses its connection reads again from the last entry it delivered.
 * A channel without a history rule keeps a backlog of {@link Builder#backlog} entries for that,
 * but replays none of it. If an outage outlasts the backlog, DISCONNECT subscriptions of the
 * channel end {@code TOO_SLOW} (they resume and are told {@code GAP}).
 *
 * <p><b>While Redis is unreachable</b> nothing fails: {@link #publish} (after the command timeout,
 * at once if the connection is known to be down) delivers to this instance's subscribers only,
 * with an id after the last one they got, keeps it in no history and counts it
 * ({@link #localOnlyPublishes()}); other instances never see it. A publish that timed out on a
 * server that was alive but not answering may still be applied when it answers again, and then
 * reaches local subscribers a second time under its Redis id. A subscribe without Redis gets live
 * local messages and, when it asked to resume, {@code GAP}.
 *
 * <p>{@link #subscribers} counts this instance's subscriptions. Closing the hub ends them; it does
 * not close the {@link Redis}.
 */
public final class RedisHub implements Hub {
  private static final Logger log = LoggerFactory.getLogger(RedisHub.class);
  private static final LuaScript PUBLISH = LuaScript.load("hub-publish");
  private static final LuaScript SNAPSHOT = LuaScript.load("hub-snapshot");

  private final Redis redis;
  private final HistoryRules rules;
  private final String prefix;
  private final int backlog;
  private final int maxChannels;
  private final Duration channelTtl;
  private final ConcurrentHashMap<String, HubChannel> channels = new ConcurrentHashMap<>();
  private final Object creation = new Object();
  private final ThreadFactory threads = Thread.ofVirtual().name("eddy-redis-hub-", 1).factory();
  private final AtomicLong localOnly = new AtomicLong();
  private volatile boolean unreachable;
  private volatile boolean closed;

  private RedisHub(Builder b) {
    this.redis = b.redis;
    this.rules = b.rules.copy();
    this.prefix = b.prefix;
    this.backlog = b.backlog;
    this.maxChannels = b.maxChannels;
    this.channelTtl = b.channelTtl;
  }

  /** A hub on {@code redis}; see {@link Builder}. */
  public static Builder builder(Redis redis) {
    return new Builder(Objects.requireNonNull(redis, "redis"));
  }

  @Override
  public Message publish(String channel, String event, String data) {
    HubArguments.checkPublish(channel, event, data);
    requireOpen();
    HistoryRules.Rule rule = rules.forChannel(channel);
    long maxAgeMs = rule == null ? 0 : rule.maxAge().toMillis();
    long ttl = Math.max(channelTtl.toMillis(), maxAgeMs);
    try {
      String sid = redis.run(PUBLISH, ScriptOutputType.VALUE, keys(channel), event, data,
          Integer.toString(rule == null ? backlog : rule.maxCount()), Long.toString(maxAgeMs), Long.toString(ttl));
      if (unreachable) {
        unreachable = false;
        log.info("Redis at {} takes publishes again; {} went to this instance only meanwhile", redis.address(), localOnly.get());
      }
      return new Message(channel, StreamIds.toLong(sid), event, data);
    } catch (RedisException e) {
      localOnly.incrementAndGet();
      if (!unreachable) {
        unreachable = true;
        log.warn("Publishing to Redis at {} failed ({}); messages go to this instance's subscribers only until it is back",
            redis.address(), e.getMessage());
      }
      HubChannel ch = channels.get(channel);
      Message m = ch == null ? null : ch.publishLocally(event, data);
      return m != null ? m : new Message(channel, System.currentTimeMillis() * 1000, event, data);
    }
  }

  @Override
  public Subscription subscribe(String channel, SubscribeOptions options) {
    return register(channel, options, null);
  }

  @Override
  public Subscription subscribe(String channel, SubscribeOptions options, Consumer<Message> onMessage) {
    if (onMessage == null) {
      throw new IllegalArgumentException("onMessage must not be null");
    }
    return register(channel, options, onMessage);
  }

  private Subscription register(String channel, SubscribeOptions options, Consumer<Message> onMessage) {
    HubArguments.checkSubscribe(channel, options);
    boolean history = rules.forChannel(channel) != null;
    long after = options.afterId().isPresent() ? options.afterId().getAsLong() : -1;
    for (int attempt = 0; attempt < 1000; attempt++) {
      requireOpen();
      Snapshot snap = snapshot(channel, after, history);
      HubChannel ch = channelFor(channel, snap.last());
      QueuedSubscription sub = ch.subscribe(after, snap.last(), snap.floor(), history, snap.retained(), options,
          onMessage, threads);
      if (sub != null) {
        return sub;
      }
    }
    throw new IllegalStateException("Could not subscribe to '" + channel + "': its local state kept changing");
  }

  /** The channel's state in Redis; without Redis, a live start from now, whose resume is a GAP. */
  private Snapshot snapshot(String channel, long after, boolean history) {
    HistoryRules.Rule rule = rules.forChannel(channel);
    List<String> out;
    try {
      out = redis.run(SNAPSHOT, ScriptOutputType.MULTI, keys(channel), after < 0 ? "" : Long.toString(after),
          Long.toString(rule == null ? 0 : rule.maxAge().toMillis()), history ? "1" : "0");
    } catch (RedisException e) {
      log.warn("Subscribing to '{}' without Redis at {} ({}): live messages of this instance only", channel,
          redis.address(), e.getMessage());
      HubChannel ch = channels.get(channel);
      long now = System.currentTimeMillis() * 1000;
      return new Snapshot(ch != null ? Long.MAX_VALUE : now, Long.MAX_VALUE, List.of());
    }
    long floor = Long.parseLong(out.get(1));
    if (out.get(0).isEmpty()) {
      return new Snapshot(floor, floor, List.of()); // no such channel yet: its ids will be above now
    }
    List<Message> retained = new ArrayList<>((out.size() - 2) / 3);
    for (int i = 2; i + 2 < out.size(); i += 3) {
      retained.add(new Message(channel, StreamIds.toLong(out.get(i)), out.get(i + 1), out.get(i + 2)));
    }
    return new Snapshot(Long.parseLong(out.get(0)), floor, retained);
  }

  private record Snapshot(long last, long floor, List<Message> retained) {}

  private HubChannel channelFor(String name, long startId) {
    HubChannel ch = channels.get(name);
    if (ch != null) {
      return ch;
    }
    synchronized (creation) {
      requireOpen();
      ch = channels.get(name);
      if (ch != null) {
        return ch;
      }
      if (channels.size() >= maxChannels) {
        throw new IllegalStateException("This instance follows " + maxChannels
            + " channels, the most its hub allows (maxChannels); close subscriptions or raise the limit");
      }
      long start = startId == Long.MAX_VALUE ? System.currentTimeMillis() * 1000 : startId;
      ch = new HubChannel(name, streamKey(name), start, this::forget, () -> floorOf(name));
      channels.put(name, ch);
      redis.reader().add(ch);
      return ch;
    }
  }

  private void forget(HubChannel ch) {
    synchronized (creation) {
      if (channels.remove(ch.name(), ch)) {
        redis.reader().remove(ch);
      }
    }
  }

  private long floorOf(String channel) {
    List<String> out = redis.run(SNAPSHOT, ScriptOutputType.MULTI, keys(channel), "", "0", "0");
    return Long.parseLong(out.get(1));
  }

  @Override
  public int subscribers(String channel) {
    HubArguments.checkChannel(channel);
    HubChannel ch = channels.get(channel);
    return ch == null ? 0 : ch.subscriberCount();
  }

  /** How many messages were published while Redis was unreachable, to this instance's subscribers only. */
  public long localOnlyPublishes() {
    return localOnly.get();
  }

  @Override
  public void close() {
    synchronized (creation) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (HubChannel ch : List.copyOf(channels.values())) {
      ch.close();
    }
  }

  @Override
  public String toString() {
    return "RedisHub(" + redis.address() + ", " + channels.size() + " channels followed" + (closed ? ", closed)" : ")");
  }

  private String[] keys(String channel) {
    return new String[] {streamKey(channel), prefix + "m:" + channel};
  }

  private String streamKey(String channel) {
    return prefix + "s:" + channel;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the hub is closed");
    }
  }

  /** Builder configures a {@link RedisHub}; not thread-safe. */
  public static final class Builder {
    private final Redis redis;
    private final HistoryRules rules = new HistoryRules();
    private String prefix = "eddy:hub:";
    private int backlog = 1000;
    private int maxChannels = 10_000;
    private Duration channelTtl = Duration.ofDays(1);

    private Builder(Redis redis) {
      this.redis = redis;
    }

    /** Keeps at least the last {@code maxCount} messages of the matching channels; see {@link #history(String, int, Duration)}. */
    public Builder history(String channels, int maxCount) {
      return history(channels, maxCount, Duration.ZERO);
    }

    /**
     * Keeps the last {@code maxCount} messages of the matching channels (at least that many:
     * {@code MAXLEN ~} trims whole stream nodes, so up to about a hundred more stay), none older than
     * {@code maxAge} ({@link Duration#ZERO}: any age). {@code channels} is a name or a prefix ending
     * in {@code *}; an exact name wins, then the longest prefix. Every instance should be built with
     * the same rules.
     */
    public Builder history(String channels, int maxCount, Duration maxAge) {
      rules.add(channels, maxCount, maxAge);
      return this;
    }

    /** The prefix of this hub's keys ({@code eddy:hub:} unless set); hubs with different prefixes don't meet. */
    public Builder prefix(String prefix) {
      if (prefix == null || prefix.isEmpty() || prefix.length() > 64) {
        throw new IllegalArgumentException("prefix must be 1 to 64 characters, got " + prefix);
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * How many entries a channel without history keeps in its stream so that an instance whose
     * connection dropped can catch up (1000 unless set); they are never replayed to subscribers.
     */
    public Builder backlog(int entries) {
      if (entries < 1 || entries > HistoryRules.MAX_HISTORY) {
        throw new IllegalArgumentException("backlog must be between 1 and " + HistoryRules.MAX_HISTORY + ", got " + entries);
      }
      this.backlog = entries;
      return this;
    }

    /** The most channels with subscribers on this instance (10,000 unless set); past it subscribing throws. */
    public Builder maxChannels(int maxChannels) {
      this.maxChannels = HubArguments.checkMaxChannels(maxChannels);
      return this;
    }

    /**
     * How long a channel's keys live in Redis after its last publish (1 day unless set, and never
     * less than its history's age): then its history goes, and resuming from its ids is a GAP.
     */
    public Builder channelTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("channelTtl must be positive, got " + ttl);
      }
      this.channelTtl = ttl;
      return this;
    }

    public RedisHub build() {
      return new RedisHub(this);
    }
  }
}
