package dev.eddy.redis;

import dev.eddy.redis.internal.StreamReader;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases keeps a {@link RedisTaskStore}'s instance alive in Redis and watches the others: it renews
 * the instance's lease (and its listening flag, while it has task listeners) every third of its
 * length, writes state changes kept while Redis was away, follows the instance's cancel stream, and
 * sweeps: finished tasks past their age are forgotten (and listeners told), and an owner (another
 * instance with unfinished tasks) whose lease is missing on two sweeps in a row, at least half a
 * lease apart, is lost, and its unfinished tasks are failed. Two sweeps, because a server resumed
 * from a pause ({@code SIGSTOP}) expires leases at once, before their owners had a chance to renew.
 */
final class Leases {
  private static final Logger log = LoggerFactory.getLogger(Leases.class);

  private final RedisTaskStore store;
  private final Duration lease;
  private final Duration sweepEvery;
  private final ScheduledThreadPoolExecutor timer;
  private final Map<String, Long> missingSince = new HashMap<>(); // owner -> nanoTime first seen without a lease
  private final StreamReader.Feed cancels;
  private volatile boolean halted;
  private volatile String cancelPosition = "0-0";

  Leases(RedisTaskStore store, Duration lease, Duration sweepEvery) {
    this.store = store;
    this.lease = lease;
    this.sweepEvery = sweepEvery;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "eddy-redis-leases");
      t.setDaemon(true);
      return t;
    });
    this.cancels = new StreamReader.Feed() {
      @Override
      public String key() {
        return store.keys().cancel(store.instance());
      }

      @Override
      public String position() {
        return cancelPosition;
      }

      @Override
      public void deliver(List<StreamMessage<String, String>> entries) {
        cancelPosition = entries.get(entries.size() - 1).getId();
        store.cancelRequested(entries);
      }
    };
  }

  Duration lease() {
    return lease;
  }

  void start() {
    renew(); // a first lease before any task is created; failures here are logged, not thrown
    store.redis().reader().add(cancels);
    long renewMs = Math.max(100, lease.toMillis() / 3);
    timer.scheduleWithFixedDelay(this::renew, renewMs, renewMs, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void renew() {
    if (halted) {
      return;
    }
    try {
      store.redis().commands().set(store.keys().lease(store.instance()), "1", SetArgs.Builder.px(lease.toMillis()));
      store.changes().renew();
      store.flushPending();
    } catch (RedisException e) {
      log.debug("Renewing the task lease in Redis failed: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Renewing the task lease failed", e);
    }
  }

  private void sweep() {
    if (halted) {
      return;
    }
    try {
      store.expireFinished();
      Set<String> owners = store.redis().commands().smembers(store.keys().owners());
      long now = System.nanoTime();
      missingSince.keySet().retainAll(owners);
      for (String owner : owners) {
        if (owner.equals(store.instance()) || store.redis().commands().exists(store.keys().lease(owner)) == 1) {
          missingSince.remove(owner);
          continue;
        }
        Long since = missingSince.putIfAbsent(owner, now);
        if (since == null || now - since < lease.toNanos() / 2) {
          continue; // seen without a lease once: look again later
        }
        reclaim(owner);
        missingSince.remove(owner);
      }
    } catch (RedisException e) {
      log.debug("Sweeping for lost task owners failed: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Sweeping for lost task owners failed", e);
    }
  }

  private void reclaim(String owner) {
    Set<String> tasks = store.redis().commands().smembers(store.keys().owner(owner));
    int failed = 0;
    for (String id : tasks) {
      if (store.failLost(id, owner, lease)) {
        failed++;
        // if the owner is alive after all (paused, cut off), it stops running the task
        sendCancel(owner, id);
      }
      store.redis().commands().srem(store.keys().owner(owner), id);
    }
    if (store.redis().commands().scard(store.keys().owner(owner)) == 0) {
      store.redis().commands().srem(store.keys().owners(), owner);
    }
    if (failed > 0) {
      log.warn("Task owner {} stopped renewing its lease; failed its {} unfinished tasks", owner, failed);
    }
  }

  /**
   * Asks {@code owner} to cancel task {@code taskId}: an entry on its cancel stream, which is
   * bounded ({@code MAXLEN ~ 1000}) and expires after 6 leases without requests.
   */
  void sendCancel(String owner, String taskId) {
    store.redis().commands().xadd(store.keys().cancel(owner), XAddArgs.Builder.maxlen(1000).approximateTrimming(),
        Map.of("id", taskId));
    store.redis().commands().pexpire(store.keys().cancel(owner), lease.toMillis() * 6);
  }

  /** Stops renewing and sweeping; gives the lease up when nothing of ours is unfinished. */
  void close(boolean idle) {
    timer.shutdownNow();
    store.redis().reader().remove(cancels);
    if (halted) {
      return;
    }
    try {
      store.redis().commands().del(store.keys().lease(store.instance()), store.keys().cancel(store.instance()));
      if (idle) {
        store.redis().commands().srem(store.keys().owners(), store.instance());
      }
    } catch (RedisException e) {
      log.debug("Giving up the task lease failed: {}", e.getMessage());
    }
  }

  /**
   * Stops renewing and sweeping without telling Redis, as an instance that hangs or is cut off
   * would; it still reads its cancel stream.
   */
  void halt() {
    halted = true;
    timer.shutdownNow();
  }
}
