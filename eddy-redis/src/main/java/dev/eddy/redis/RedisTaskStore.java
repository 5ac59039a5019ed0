package dev.eddy.redis;

import dev.eddy.internal.task.TaskStoreArguments;
import dev.eddy.redis.internal.LuaScript;
import dev.eddy.redis.internal.TaskChanges;
import dev.eddy.redis.internal.TaskHash;
import dev.eddy.redis.internal.TaskKeys;
import dev.eddy.redis.internal.TaskListing;
import dev.eddy.redis.internal.TaskWatches;
import dev.eddy.task.TaskError;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskInfo;
import dev.eddy.task.TaskListener;
import dev.eddy.task.TaskPage;
import dev.eddy.task.TaskQuery;
import dev.eddy.task.TaskState;
import dev.eddy.task.TaskStore;
import dev.eddy.task.TaskUpdate;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.Tasks;
import dev.eddy.task.WatchOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RedisTaskStore is a {@link TaskStore} shared by every instance connected to one Redis: any of
 * them lists a task, streams its events (an SSE client may resume on another instance) and cancels
 * it, while the instance that started it runs it.
 *
 * <pre>{@code
 * Tasks tasks = Tasks.builder().store(RedisTaskStore.builder(redis).build()).build();
 * }</pre>
 *
 * <p><b>Layout</b> (prefix {@code eddy:task:}): a hash {@code t:<id>} with the snapshot, its owner
 * and log bookkeeping; a stream {@code l:<id>} with the event log, entry {@code n-0} holding event
 * {@code n}; a sorted set {@code index} by creation order for listing; {@code finished} by end time
 * for retention; per instance a lease key {@code lease:<instance>}, a set {@code o:<instance>} of its
 * unfinished tasks, and a stream {@code c:<instance>} of cancel requests; {@code owners} lists the
 * instances with unfinished tasks. Needs one Redis, not a Cluster (the scripts compute some keys).
 *
 * <p><b>Appends</b> run one script that compares the task's last event id with the one the
 * snapshot was made from, then logs the event (coalescing progress, trimming the log's middle as
 * {@link dev.eddy.task.InMemoryTaskStore} does, remembering the highest id dropped for GAP),
 * writes the snapshot, and on the final event applies retention (expiry after
 * {@link Builder#retainFor}, the oldest beyond {@link Builder#retainAtMost} deleted). The owner keeps
 * its tasks' snapshots in memory, so a progress report is one round trip.
 *
 * <p><b>Watching</b> reads the log's stream: the snapshot and the replay in one script, then the
 * instance's stream reader for live events, merged per task as the in-memory store merges them.
 *
 * <p><b>Cancelling</b> a task another instance runs appends its id to that instance's cancel
 * stream, which its reader delivers in milliseconds (at-least-once across reconnects).
 *
 * <p><b>Leases.</b> Each instance renews its lease every third of {@link Builder#lease} (10 s unless
 * set). Every instance sweeps once per {@link Builder#sweepEvery}: an owner whose lease is gone on
 * two sweeps in a row has its unfinished tasks ended {@code failed} with error code
 * {@code lost-owner}; the compare-and-set append makes that exactly once, however many sweep. An
 * owner that comes back after that finds its tasks finished and cancels them locally.
 *
 * <p><b>Listeners</b> ({@link #listen}) hear the changes of every instance through one stream,
 * {@code changes}, that the create and append scripts add to while some instance listens (a flag
 * each listening instance renews with its lease), trimmed to about {@link Builder#changeLog}
 * entries; retention adds the tasks it forgets. Each instance's stream reader follows it while the
 * instance has listeners, and one thread of the store calls them, never the reader nor Redis's I/O
 * threads, and never under a lock. Every change is numbered: one skipped (the stream was trimmed
 * past a slow instance) or an outage of the reader makes the store call
 * {@link TaskListener#missed()}, and delivery resumes from the stream's end.
 *
 * <p><b>While Redis is unreachable</b> starting, listing and watching fail with a
 * {@link RedisException} (500 over HTTP); running tasks go on: state changes (running, the final
 * one) are kept in memory and written when Redis is back, progress and custom events are dropped
 * and counted ({@link #droppedWhileUnreachable()}). Live watchers resume from their last event when
 * the reader reconnects. A Redis that restarts empty has lost the tasks: their owners cancel them.
 */
public final class RedisTaskStore implements TaskStore {
  private static final Logger log = LoggerFactory.getLogger(RedisTaskStore.class);
  private static final LuaScript CREATE = LuaScript.load("task-create");
  private static final LuaScript APPEND = LuaScript.load("task-append");
  private static final LuaScript EXPIRE = LuaScript.load("task-expire");
  /** The error code of tasks whose instance stopped renewing its lease. */
  public static final String LOST_OWNER = "lost-owner";

  private final Redis redis;
  private final TaskKeys keys;
  private final String instance;
  private final Duration retainFor;
  private final int retainAtMost;
  private final int maxEvents;
  private final long maxLogBytes;
  private final int changeLog;
  private final ConcurrentHashMap<String, Owned> owned = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final Leases leases;
  private final TaskChanges changes;
  private final TaskWatches watches;
  private final Object closing = new Object();
  private volatile Consumer<String> cancelHandler = id -> {};
  private volatile long dropped;
  private volatile boolean unreachable;
  private volatile boolean closed;

  /** A task this instance runs: its snapshot as last written. Appends to it hold its monitor. */
  private static final class Owned {
    TaskInfo info;

    Owned(TaskInfo info) {
      this.info = info;
    }
  }

  private record Pending(String taskId, TaskUpdate update) {}

  private RedisTaskStore(Builder b) {
    this.redis = b.redis;
    this.keys = new TaskKeys(b.prefix);
    this.retainFor = b.retainFor;
    this.retainAtMost = b.retainAtMost;
    this.maxEvents = b.maxEvents;
    this.maxLogBytes = b.maxLogBytes;
    this.changeLog = b.changeLog;
    byte[] random = new byte[9];
    new SecureRandom().nextBytes(random);
    this.instance = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    this.changes = new TaskChanges(redis.commands(), redis.reader(), keys, b.lease);
    this.watches = new TaskWatches(redis.commands(), redis.reader(), keys);
    this.leases = new Leases(this, b.lease, b.sweepEvery);
    leases.start();
  }

  /** A store on {@code redis}; see {@link Builder}. */
  public static Builder builder(Redis redis) {
    return new Builder(Objects.requireNonNull(redis, "redis"));
  }

  /** This instance's id in Redis: its lease, its tasks' owner. */
  public String instance() {
    return instance;
  }

  @Override
  public TaskEvent create(TaskInfo task) {
    TaskStoreArguments.checkNewTask(task);
    requireOpen();
    Instant at = now();
    TaskInfo first = task.apply(new TaskUpdate.Queued(task.createdAt()), 1);
    TaskEvent event = new TaskEvent(1, TaskEvent.QUEUED, first.toJson(), at);
    List<String> args = new ArrayList<>(List.of(task.id(), instance, Long.toString(at.toEpochMilli()), event.data(),
        Integer.toString(changeLog)));
    args.addAll(TaskHash.fields(first));
    try {
      redis.run(CREATE, ScriptOutputType.INTEGER, new String[] {keys.hash(task.id()), keys.log(task.id()), keys.index(),
          keys.creations(), keys.owners(), keys.owner(instance), keys.changes(), keys.changeCount(), keys.listening()},
          args.toArray(String[]::new));
    } catch (RedisCommandExecutionException e) {
      if (String.valueOf(e.getMessage()).contains("exists")) {
        throw new IllegalArgumentException("a task with id " + task.id() + " exists");
      }
      throw e;
    }
    owned.put(task.id(), new Owned(first));
    return event;
  }

  @Override
  public TaskEvent append(String taskId, TaskUpdate update) {
    Objects.requireNonNull(update, "update");
    if (!pending.isEmpty()) {
      flushPending();
    }
    try {
      TaskEvent e = appendNow(taskId, update, instance);
      reachable();
      return e;
    } catch (RedisException e) {
      return appendLater(taskId, update, e);
    }
  }

  /**
   * Appends with compare-and-set on the task's last event id, retrying on a conflict with a fresh
   * snapshot; null if the task has finished or is gone.
   */
  TaskEvent appendNow(String taskId, TaskUpdate update, String owner) {
    Owned mine = owned.get(taskId);
    Object guard = mine != null ? mine : new Object();
    synchronized (guard) {
      TaskInfo info = mine != null ? mine.info : null;
      for (int attempt = 0; attempt < 20; attempt++) {
        if (info == null) {
          info = load(taskId);
          if (info == null || info.isFinished()) {
            lost(taskId, mine);
            return null;
          }
        }
        long id = info.lastEventId() + 1;
        TaskInfo next = info.apply(update, id);
        Instant at = now();
        TaskEvent event = new TaskEvent(id, update.type(), update.data(next), at);
        String kind = event.isStateChange() ? "state" : event.isProgress() ? "progress" : "custom";
        List<String> args = new ArrayList<>(List.of(Long.toString(info.lastEventId()), Long.toString(id), event.type(),
            event.data(), Long.toString(at.toEpochMilli()), kind, event.isFinal() ? "1" : "0",
            Integer.toString(maxEvents), Long.toString(maxLogBytes), Long.toString(retainFor.toMillis()),
            Integer.toString(retainAtMost), keys.prefix(), taskId, Integer.toString(changeLog),
            Integer.toString(TaskChanges.INLINE)));
        args.addAll(TaskHash.fields(next));
        String outcome = redis.run(APPEND, ScriptOutputType.STATUS, new String[] {keys.hash(taskId), keys.log(taskId),
            keys.finished(), keys.index(), keys.owner(owner), keys.changes(), keys.changeCount(), keys.listening()},
            args.toArray(String[]::new));
        switch (outcome) {
          case "ok" -> {
            if (mine != null) {
              mine.info = next;
              if (event.isFinal()) {
                owned.remove(taskId, mine);
              }
            }
            return event;
          }
          case "conflict" -> info = null; // another append won (a sweeper): look again
          default -> { // finished or gone
            lost(taskId, mine);
            return null;
          }
        }
      }
      throw new IllegalStateException("Task " + taskId + " kept changing under 20 appends in a row");
    }
  }

  /** A task of ours ended elsewhere (a sweeper saw our lease lapse) or vanished: stop running it. */
  private void lost(String taskId, Owned mine) {
    if (mine != null && owned.remove(taskId, mine)) {
      log.warn("Task {} was ended or removed in Redis while this instance ran it; cancelling it here", taskId);
      cancelHandler.accept(taskId);
    }
  }

  private TaskEvent appendLater(String taskId, TaskUpdate update, RedisException cause) {
    if (!unreachable) {
      unreachable = true;
      log.warn("Writing task events to Redis at {} failed ({}); state changes wait in memory, progress is dropped "
          + "until it is back", redis.address(), cause.getMessage());
    }
    Owned mine = owned.get(taskId);
    long id = mine == null ? 1 : mine.info.lastEventId() + 1;
    TaskInfo after = mine == null ? null : mine.info.apply(update, id);
    if (update instanceof TaskUpdate.Started || update instanceof TaskUpdate.Ended) {
      pending.add(new Pending(taskId, update));
      if (mine != null) {
        synchronized (mine) {
          mine.info = after; // get() answers from it meanwhile; the write compares with Redis again
        }
      }
    } else {
      dropped++;
    }
    return new TaskEvent(id, update.type(), after == null ? "{}" : update.data(after), now());
  }

  /** Writes the state changes kept while Redis was unreachable, in order; stops at the first failure. */
  void flushPending() {
    synchronized (pending) {
      for (Pending p = pending.peek(); p != null; p = pending.peek()) {
        try {
          appendNow(p.taskId(), p.update(), instance);
        } catch (RedisException e) {
          return;
        }
        pending.poll();
      }
    }
    reachable();
  }

  private void reachable() {
    if (unreachable && pending.isEmpty()) {
      unreachable = false;
      log.info("Redis at {} takes task events again ({} progress and custom events were dropped meanwhile)",
          redis.address(), dropped);
    }
  }

  /** How many progress and custom events were dropped because Redis was unreachable. */
  public long droppedWhileUnreachable() {
    return dropped;
  }

  @Override
  public Optional<TaskInfo> get(String taskId) {
    if (taskId == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(load(taskId));
    } catch (RedisException e) {
      Owned mine = owned.get(taskId);
      if (mine == null) {
        throw e;
      }
      synchronized (mine) {
        return Optional.of(mine.info); // a task of ours: what we last wrote or will write
      }
    }
  }

  TaskInfo load(String taskId) {
    return TaskHash.info(taskId, redis.commands().hgetall(keys.hash(taskId)));
  }

  @Override
  public TaskPage list(TaskQuery query) {
    return TaskListing.page(redis.commands(), keys, query);
  }

  @Override
  public Optional<TaskWatch> watch(String taskId, long afterId, WatchOptions options, Consumer<TaskEvent> onEvent) {
    requireOpen();
    return watches.watch(taskId, afterId, options, onEvent);
  }

  @Override
  public boolean requestCancel(String taskId) {
    if (taskId == null) {
      return false;
    }
    List<String> f = redis.commands().hmget(keys.hash(taskId), "state", "owner").stream()
        .map(kv -> kv.getValueOrElse(null)).toList();
    if (f.get(0) == null || TaskState.parse(f.get(0)).isFinished() || f.get(1) == null) {
      return false;
    }
    if (f.get(1).equals(instance)) {
      cancelHandler.accept(taskId);
    } else {
      leases.sendCancel(f.get(1), taskId);
    }
    return true;
  }

  @Override
  public void onCancelRequest(Consumer<String> cancel) {
    this.cancelHandler = Objects.requireNonNull(cancel, "cancel");
  }

  /** Cancel requests from other instances, as the reader delivers them. */
  void cancelRequested(List<StreamMessage<String, String>> entries) {
    for (StreamMessage<String, String> m : entries) {
      String id = m.getBody().get("id");
      if (id != null) {
        cancelHandler.accept(id);
      }
    }
  }

  /**
   * Hears every change to every task, made by any instance, from the moment this returns: on a
   * thread of this store's, in the order Redis recorded them, a few milliseconds after. See the
   * class comment (Listeners) for what Redis being unreachable costs.
   *
   * @throws IllegalStateException if the store is closed
   * @throws RedisException if this instance has no listener yet and Redis can't be reached
   */
  @Override
  public TaskListener.Registration listen(TaskListener listener) {
    requireOpen();
    return changes.listen(listener);
  }

  /**
   * Stops this instance's part: ends local watches ({@link TaskWatch.End#STORE_CLOSED}), tells
   * listeners {@link TaskListener#closed()}, stops following streams, renewing the lease and sweeping, and gives up the lease. Tasks stay in Redis
   * for the other instances; {@link Tasks#close()} has ended this instance's own by then. Idempotent.
   */
  @Override
  public void close() {
    synchronized (closing) {
      if (closed) {
        return;
      }
      closed = true;
    }
    watches.close();
    changes.close();
    leases.close(owned.isEmpty() && pending.isEmpty());
  }

  /** Stops renewing the lease without a word to Redis, as a crash would; for tests of lost owners. */
  void haltLeaseForTest() {
    leases.halt();
  }

  @Override
  public String toString() {
    return "RedisTaskStore(" + redis.address() + ", instance " + instance + ", " + owned.size() + " running here)";
  }

  // ---- for Leases ----

  Redis redis() {
    return redis;
  }

  TaskKeys keys() {
    return keys;
  }

  TaskChanges changes() {
    return changes;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Forgets finished tasks that ended more than {@code retainFor} ago, telling listeners (their keys
   * may have expired already); each once, whichever instances sweep.
   */
  void expireFinished() {
    if (retainFor.isZero()) {
      return;
    }
    String cutoff = Long.toString(now().minus(retainFor).toEpochMilli());
    for (int batch = 0; batch < 10; batch++) {
      long forgotten = redis.run(EXPIRE, ScriptOutputType.INTEGER, new String[] {keys.finished(), keys.index(),
          keys.changes(), keys.changeCount(), keys.listening()}, cutoff, "500", keys.prefix(), Integer.toString(changeLog));
      if (forgotten < 500) {
        return;
      }
    }
  }

  /** Ends a task of a lost owner: failed, lost-owner; false if it had already ended. */
  boolean failLost(String taskId, String owner, Duration lease) {
    TaskUpdate.Ended ended = new TaskUpdate.Ended(TaskState.FAILED, now(), null, new TaskError(LOST_OWNER,
        "its instance stopped renewing its lease (" + lease.toSeconds() + " s); it may have crashed"));
    return appendNow(taskId, ended, owner) != null;
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the task store is closed");
    }
  }

  /** Builder configures a {@link RedisTaskStore}; not thread-safe. */
  public static final class Builder {
    private final Redis redis;
    private String prefix = "eddy:task:";
    private Duration retainFor = Duration.ofHours(1);
    private int retainAtMost = 1000;
    private int maxEvents = 1000;
    private long maxLogBytes = 1 << 20;
    private int changeLog = 10_000;
    private Duration lease = Duration.ofSeconds(10);
    private Duration sweepEvery = Duration.ofSeconds(2);

    private Builder(Redis redis) {
      this.redis = redis;
    }

    /** The prefix of the store's keys ({@code eddy:task:} unless set). */
    public Builder prefix(String prefix) {
      if (prefix == null || prefix.isEmpty() || prefix.length() > 64) {
        throw new IllegalArgumentException("prefix must be 1 to 64 characters, got " + prefix);
      }
      this.prefix = prefix;
      return this;
    }

    /** A finished task expires this long after it ended (1 hour unless set; zero: never). */
    public Builder retainFor(Duration maxAge) {
      this.retainFor = TaskStoreArguments.retainFor(maxAge);
      return this;
    }

    /** At most this many finished tasks are kept, the earliest finished deleted first (1000 unless set). */
    public Builder retainAtMost(int count) {
      this.retainAtMost = TaskStoreArguments.retainAtMost(count);
      return this;
    }

    /** The most progress and custom events one task's log keeps (1000 unless set). */
    public Builder maxEvents(int maxEvents) {
      this.maxEvents = TaskStoreArguments.maxEvents(maxEvents);
      return this;
    }

    /** The most data, in characters, one task's progress and custom events keep (1 MiB unless set). */
    public Builder maxLogBytes(long maxLogBytes) {
      this.maxLogBytes = TaskStoreArguments.maxLogBytes(maxLogBytes);
      return this;
    }

    /**
     * About how many changes the store-wide change stream keeps for listeners (10,000 unless set,
     * at least 100; trimmed with {@code MAXLEN ~}): how far an instance's listeners may fall
     * behind, or how long its connection may be down, before they are told they missed changes.
     */
    public Builder changeLog(int entries) {
      if (entries < 100) {
        throw new IllegalArgumentException("changeLog must be at least 100, got " + entries);
      }
      this.changeLog = entries;
      return this;
    }

    /**
     * How long an instance's lease lasts without renewal (10 s unless set, at least 1 s): after it
     * lapses, other instances fail the tasks it ran.
     */
    public Builder lease(Duration lease) {
      if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("lease must be at least 1 s, got " + lease);
      }
      this.lease = lease;
      return this;
    }

    /** How often this instance looks for lapsed leases (2 s unless set, at least 100 ms). */
    public Builder sweepEvery(Duration every) {
      if (every == null || every.compareTo(Duration.ofMillis(100)) < 0) {
        throw new IllegalArgumentException("sweepEvery must be at least 100 ms, got " + every);
      }
      this.sweepEvery = every;
      return this;
    }

    public RedisTaskStore build() {
      return new RedisTaskStore(this);
    }
  }
}
