package dev.eddy.redis.internal;

import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskInfo;
import dev.eddy.task.TaskListener;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TaskChanges is one instance's end of a Redis task store's change stream: it follows the stream
 * while the store has listeners and calls them with every change made by any instance.
 *
 * <p><b>The stream.</b> The store's create and append scripts number every change
 * ({@link TaskKeys#changeCount()}) and, while some instance listens ({@link TaskKeys#listening()},
 * a flag each listening instance renews), add it to {@link TaskKeys#changes()}, trimmed to about
 * {@code length} entries: the task's id, the event (type, id, time, payload) and the snapshot after
 * it; retention adds one entry per task forgotten. Results and payloads over {@link #INLINE}
 * characters stay out of the stream and are read back from the task's hash or log when delivered
 * (if retention dropped them by then, the listener gets a null result, or {@code null} as the
 * payload). Since Redis runs the scripts one at a time, the stream holds each task's changes in
 * the order of their event ids.
 *
 * <p><b>Threads.</b> The instance's {@link StreamReader} hands entries to {@link #deliver}, which
 * only queues them; one virtual thread of this class decodes them and calls the listeners, outside
 * every lock. The queue holds at most {@link #QUEUE} entries (plus one read): when it is full the
 * feed stops following the stream until half has been delivered, and reads on from where it
 * stopped, so a slow listener costs memory in Redis (up to the stream's bound), not here.
 *
 * <p><b>Missed changes.</b> A change number that does not follow the previous one means entries
 * went by unread (the stream was trimmed past this reader, or the flag lapsed); when the reader
 * comes back after failing (Redis restarted or was unreachable), the feed starts over from the
 * stream's end. Either way listeners get {@link TaskListener#missed()} and delivery goes on.
 */
public final class TaskChanges implements StreamReader.Feed {
  private static final Logger log = LoggerFactory.getLogger(TaskChanges.class);
  private static final LuaScript LISTEN = LuaScript.load("task-listen");
  /** The most entries read and not yet delivered; past it the stream is not read until half are delivered. */
  public static final int QUEUE = 2048;
  /** The longest result or payload a change carries; longer ones are read back when delivered. */
  public static final int INLINE = 8192;
  private static final int BATCH = 512;
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final RedisCommands<String, String> redis;
  private final StreamReader reader;
  private final TaskKeys keys;
  private final Duration flagTtl;
  private final CopyOnWriteArrayList<TaskListener> listeners = new CopyOnWriteArrayList<>();
  private final Object registering = new Object(); // orders listen, unlisten and close
  private final ReentrantLock lock = new ReentrantLock(); // guards the fields below
  private final Condition work = lock.newCondition();
  private final ArrayDeque<StreamMessage<String, String>> queue = new ArrayDeque<>();
  private String position = "0-0";
  private long lastNumber = -1; // the number of the last change queued; -1: unknown
  private boolean active; // some listener is registered
  private boolean paused; // the queue is full
  private boolean following; // added to the reader
  private boolean missed; // a change number was skipped: tell the listeners
  private boolean restart; // the reader came back after failing: start over from the stream's end
  private boolean closed;
  private Thread deliverer;
  private long missedCount;

  /**
   * Changes of the store whose keys are {@code keys}, read by {@code reader}; {@code flagTtl} is
   * how long this instance's listening flag lasts unless {@link #renew} renews it.
   */
  public TaskChanges(RedisCommands<String, String> redis, StreamReader reader, TaskKeys keys, Duration flagTtl) {
    this.redis = redis;
    this.reader = reader;
    this.keys = keys;
    this.flagTtl = flagTtl;
  }

  /**
   * Registers {@code listener}. The first one sets the listening flag and takes the stream's end
   * in one script, so every change after this returns is heard.
   *
   * @throws IllegalStateException if closed, or if another store with the same prefix on the same
   *     connection listens
   * @throws RedisException if there was no listener yet and Redis can't be reached
   */
  public TaskListener.Registration listen(TaskListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (registering) {
      if (closed) {
        throw new IllegalStateException("the task store is closed");
      }
      if (listeners.isEmpty()) {
        Start start = start();
        lock.lock();
        try {
          startFrom(start);
          active = true;
          try {
            follow();
          } catch (IllegalStateException followed) { // the reader refuses a second feed of one stream
            active = false;
            throw new IllegalStateException("Another task store with prefix " + keys.prefix()
                + " on this Redis connection listens already: use one store per connection and prefix", followed);
          }
          if (deliverer == null) {
            deliverer = Thread.ofVirtual().name("eddy-redis-task-listeners").start(this::deliverLoop);
          }
        } finally {
          lock.unlock();
        }
      }
      listeners.add(listener);
    }
    return () -> unlisten(listener);
  }

  private void unlisten(TaskListener listener) {
    synchronized (registering) {
      if (!listeners.remove(listener) || !listeners.isEmpty()) {
        return;
      }
      lock.lock();
      try {
        active = false; // the flag lapses unless another instance renews it
        queue.clear();
        follow();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Renews this instance's listening flag while it has listeners; called every third of its life.
   * It also keeps the stream from expiring: once nobody has listened for six flag lifetimes, nobody
   * can need its entries (a new listener reads from the end), and it goes.
   */
  public void renew() {
    if (!listeners.isEmpty()) {
      redis.set(keys.listening(), "1", SetArgs.Builder.px(flagTtl.toMillis()));
      redis.pexpire(keys.changes(), flagTtl.toMillis() * 6);
    }
  }

  /** How many times listeners were told {@link TaskListener#missed()}. */
  public long missedCount() {
    lock.lock();
    try {
      return missedCount;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String key() {
    return keys.changes();
  }

  @Override
  public String position() {
    lock.lock();
    try {
      return position;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void deliver(List<StreamMessage<String, String>> entries) {
    lock.lock();
    try {
      if (!following) {
        return; // read just before this feed stopped following
      }
      for (StreamMessage<String, String> m : entries) {
        if (StreamIds.compare(m.getId(), position) <= 0) {
          continue;
        }
        position = m.getId();
        long number = number(m.getBody().get("s"));
        if (lastNumber >= 0 && number != lastNumber + 1) {
          missed = true;
        }
        lastNumber = number;
        queue.add(m);
      }
      if (queue.size() >= QUEUE) {
        paused = true; // the rest waits in Redis until half of the queue is delivered
        follow();
      }
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void recovered() {
    lock.lock();
    try {
      restart = true;
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops following the stream; listeners get {@link TaskListener#closed()} as their last call,
   * from the delivering thread, which this waits for (up to 2 s, unless called from a listener).
   * Idempotent.
   */
  public void close() {
    Thread d;
    synchronized (registering) {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        queue.clear();
        follow();
        work.signal();
        d = deliverer;
      } finally {
        lock.unlock();
      }
    }
    if (d != null && d != Thread.currentThread()) {
      try {
        d.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Where a listening instance starts: the stream's end and the number of the latest change. */
  private record Start(String position, long number) {}

  private Start start() {
    List<String> out = LISTEN.run(redis, ScriptOutputType.MULTI,
        new String[] {keys.listening(), keys.changes(), keys.changeCount()}, Long.toString(flagTtl.toMillis()));
    return new Start(out.get(0), Long.parseLong(out.get(1)));
  }

  /**
   * Under the lock: reading starts after {@code start}; what was queued before is dropped (so the
   * queue has room again: call {@link #follow()} after).
   */
  private void startFrom(Start start) {
    position = start.position();
    lastNumber = start.number();
    queue.clear();
    paused = false;
    missed = false;
    restart = false;
  }

  /** Under the lock: follows the stream exactly while there are listeners, room, and no close. */
  private void follow() {
    boolean want = active && !paused && !closed;
    if (want && !following) {
      reader.add(this);
    } else if (!want && following) {
      reader.remove(this);
    }
    following = want;
  }

  private void deliverLoop() {
    List<StreamMessage<String, String>> batch = new ArrayList<>(BATCH);
    for (;;) {
      boolean tellMissed;
      boolean startOver;
      lock.lock();
      try {
        while (queue.isEmpty() && !missed && !restart && !closed) {
          work.awaitUninterruptibly();
        }
        if (closed) {
          break;
        }
        startOver = restart;
        restart = false;
        tellMissed = missed;
        missed = false;
        for (int i = 0; i < BATCH && !queue.isEmpty(); i++) {
          batch.add(queue.poll());
        }
        if (paused && queue.size() <= QUEUE / 2) {
          paused = false;
          follow();
        }
      } finally {
        lock.unlock();
      }
      if (startOver) {
        tellMissed |= startOver();
      }
      for (StreamMessage<String, String> m : batch) {
        dispatch(m.getBody());
      }
      batch.clear();
      if (tellMissed) {
        tellMissed();
      }
    }
    for (TaskListener l : listeners) {
      try {
        l.closed();
      } catch (RuntimeException e) {
        log.warn("Task listener {} threw on close", l, e);
      }
    }
    listeners.clear();
  }

  /**
   * After the reader failed and came back: reads again from the stream's end with the flag set
   * (changes made meanwhile may be lost or never written). True when done; if Redis is still out of
   * reach, it tries again a second later, delivering what the reader brings meanwhile.
   */
  private boolean startOver() {
    lock.lock();
    try {
      if (!active) {
        return false; // nobody listens here any more: a new listener starts afresh
      }
    } finally {
      lock.unlock();
    }
    try {
      Start start = start();
      lock.lock();
      try {
        if (active && !closed) {
          startFrom(start);
          follow();
        }
      } finally {
        lock.unlock();
      }
      return true;
    } catch (RedisException e) {
      log.debug("Listening to task changes again failed: {}", e.getMessage());
      lock.lock();
      try {
        restart = true;
        if (!closed) {
          work.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
      return false;
    }
  }

  private void tellMissed() {
    lock.lock();
    try {
      missedCount++;
    } finally {
      lock.unlock();
    }
    log.info("Task listeners on this instance may have missed changes (Redis at a gap or an outage); they resync");
    for (TaskListener l : listeners) {
      try {
        l.missed();
      } catch (RuntimeException e) {
        log.warn("Task listener {} threw on missed changes", l, e);
      }
    }
  }

  private void dispatch(Map<String, String> f) {
    String forgotten = f.get("f");
    if (forgotten != null) {
      for (TaskListener l : listeners) {
        try {
          l.forgotten(forgotten);
        } catch (RuntimeException e) {
          log.warn("Task listener {} threw on forgetting task {}", l, forgotten, e);
        }
      }
      return;
    }
    TaskInfo info;
    TaskEvent event;
    try {
      info = snapshot(f);
      event = event(f, info);
    } catch (RuntimeException malformed) {
      log.warn("Skipping a malformed entry of the task change stream: {}", f, malformed);
      return;
    }
    for (TaskListener l : listeners) {
      try {
        l.changed(info, event);
      } catch (RuntimeException e) {
        log.warn("Task listener {} threw on event {} of task {}", l, event.id(), info.id(), e);
      }
    }
  }

  /** The snapshot a change carries; a result left out of the stream is read from the task's hash. */
  private TaskInfo snapshot(Map<String, String> f) {
    String id = Objects.requireNonNull(f.get("i"), "task id");
    Map<String, String> fields = f;
    if ("1".equals(f.get("R"))) {
      fields = new HashMap<>(f);
      String result = load(() -> redis.hget(keys.hash(id), "result"));
      if (result != null) {
        fields.put("result", result);
      }
    }
    TaskInfo info = TaskHash.info(id, fields);
    if (info == null) {
      throw new IllegalArgumentException("not a task change");
    }
    return info;
  }

  /** The event a change carries: a state event's payload is the snapshot; a long one is read from the log. */
  private TaskEvent event(Map<String, String> f, TaskInfo info) {
    long n = info.lastEventId();
    String data = f.get("d");
    if (data == null && "1".equals(f.get("D"))) {
      data = load(() -> {
        List<StreamMessage<String, String>> e = redis.xrange(keys.log(info.id()),
            Range.create(StreamIds.event(n), StreamIds.event(n)));
        return e.isEmpty() ? null : e.get(0).getBody().get("d");
      });
      if (data == null) {
        data = "null"; // the task's log bounds dropped it before it was delivered
      }
    } else if (data == null) {
      data = info.toJson();
    }
    return new TaskEvent(n, f.get("t"), data, Instant.ofEpochMilli(Long.parseLong(f.get("a"))));
  }

  private static String load(java.util.function.Supplier<String> read) {
    try {
      return read.get();
    } catch (RedisException e) {
      log.debug("Reading a long task result or payload for listeners failed: {}", e.getMessage());
      return null;
    }
  }

  private static long number(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return "TaskChanges(" + keys.changes() + ", " + listeners.size() + " listeners)";
  }
}
