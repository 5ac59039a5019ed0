package dev.eddy.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StreamReader is an instance's one reader of Redis streams: a thread that loops on
 * {@code XREAD COUNT 512 BLOCK 1000 STREAMS key... position...} over every stream that something
 * on this instance follows (a Hub channel with local subscribers, a watched task's log, this
 * instance's cancel stream), on a connection of its own, and hands what it reads to each stream's
 * {@link Feed}. A feed is added with {@link #add}; the reader is woken at once to include it
 * ({@code CLIENT UNBLOCK} from the command connection), else it does so within a second.
 *
 * <p>Because each read starts after the position its feed reports, nothing still in a stream is
 * lost when the connection drops: after an error the reader waits (100 ms doubling to 5 s), reads
 * again from the same positions, and tells every feed {@link Feed#recovered()}, so it can check
 * whether the stream was trimmed past its position meanwhile.
 */
public final class StreamReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
  private static final long BLOCK_MS = 1000;
  private static final int COUNT = 512;

  /** Feed is what follows one stream. */
  public interface Feed {
    /** The stream's key. */
    String key();

    /** The id to read after ({@code "0-0"} for everything); read before each XREAD. */
    String position();

    /** Entries after {@link #position()}, in order; called on the reader thread. Must not block. */
    void deliver(List<StreamMessage<String, String>> entries);

    /** Reading works again after a failure; the feed may check what it missed. Default: nothing. */
    default void recovered() {}
  }

  private final StatefulRedisConnection<String, String> commands;
  private final StatefulRedisConnection<String, String> connection;
  private final String address;
  private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final Thread thread;
  private volatile Long clientId;
  private volatile boolean closed;
  private volatile boolean failing;

  public StreamReader(RedisClient client, StatefulRedisConnection<String, String> commands, String address,
      Duration commandTimeout) {
    this.commands = commands;
    this.address = address;
    this.connection = client.connect();
    connection.setTimeout(commandTimeout.plusMillis(BLOCK_MS));
    this.thread = Thread.ofPlatform().daemon().name("eddy-redis-reader").start(this::loop);
  }

  /**
   * Follows {@code feed}'s stream from its position, waking the reader so it starts at once.
   *
   * @throws IllegalStateException if another feed follows the same key
   */
  public void add(Feed feed) {
    if (feeds.putIfAbsent(feed.key(), feed) != null) {
      throw new IllegalStateException("stream " + feed.key() + " is already followed");
    }
    lock.lock();
    try {
      added.signalAll();
    } finally {
      lock.unlock();
    }
    Long id = clientId;
    if (id != null && !failing) {
      commands.async().clientUnblock(id, UnblockType.TIMEOUT); // the XREAD returns early, the next one has the feed
    }
  }

  /** Stops following {@code feed}'s stream; entries already read may still reach it once. */
  public void remove(Feed feed) {
    feeds.remove(feed.key(), feed);
  }

  /** Whether the last read failed (the connection is down or the server does not answer). */
  public boolean isFailing() {
    return failing;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    lock.lock();
    try {
      added.signalAll();
    } finally {
      lock.unlock();
    }
    connection.close();
    try {
      thread.join(Duration.ofSeconds(3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    long backoff = 0;
    while (!closed) {
      List<Feed> following = new ArrayList<>(feeds.values());
      if (following.isEmpty()) {
        awaitFeeds();
        continue;
      }
      try {
        if (clientId == null) {
          clientId = connection.sync().clientId();
        }
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] offsets = new XReadArgs.StreamOffset[following.size()];
        for (int i = 0; i < offsets.length; i++) {
          offsets[i] = XReadArgs.StreamOffset.from(following.get(i).key(), following.get(i).position());
        }
        List<StreamMessage<String, String>> read =
            connection.sync().xread(XReadArgs.Builder.block(BLOCK_MS).count(COUNT), offsets);
        if (failing) {
          failing = false;
          backoff = 0;
          log.info("Redis at {} answers again; live delivery resumes where it stopped", address);
          for (Feed f : feeds.values()) {
            recover(f);
          }
        }
        dispatch(read);
      } catch (RedisException | IllegalStateException e) {
        if (closed) {
          return;
        }
        clientId = null;
        if (!failing) {
          failing = true;
          log.warn("Reading streams from Redis at {} failed ({}); retrying with backoff", address, e.getMessage());
        }
        backoff = Math.min(Math.max(100, backoff * 2), 5000);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          if (closed) {
            return;
          }
        }
      } catch (RuntimeException e) {
        log.error("The Redis stream reader hit a bug; it goes on", e);
      }
    }
  }

  private void dispatch(List<StreamMessage<String, String>> read) {
    if (read == null || read.isEmpty()) {
      return;
    }
    Map<String, List<StreamMessage<String, String>>> byStream = new HashMap<>();
    for (StreamMessage<String, String> m : read) {
      byStream.computeIfAbsent(m.getStream(), k -> new ArrayList<>()).add(m);
    }
    for (Map.Entry<String, List<StreamMessage<String, String>>> e : byStream.entrySet()) {
      Feed f = feeds.get(e.getKey());
      if (f == null) {
        continue;
      }
      try {
        f.deliver(e.getValue());
      } catch (RuntimeException bug) {
        log.error("Delivering entries of stream {} failed", e.getKey(), bug);
      }
    }
  }

  private static void recover(Feed f) {
    try {
      f.recovered();
    } catch (RuntimeException e) {
      log.warn("Checking stream {} after an outage failed: {}", f.key(), e.getMessage());
    }
  }

  private void awaitFeeds() {
    lock.lock();
    try {
      if (feeds.isEmpty() && !closed) {
        added.await(BLOCK_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      // closing
    } finally {
      lock.unlock();
    }
  }
}
