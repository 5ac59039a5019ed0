package dev.eddy.task;

import dev.eddy.internal.task.TaskStoreArguments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InMemoryTaskStore is the {@link TaskStore} of one process, the default of {@link Tasks}.
 *
 * <pre>{@code
 * TaskStore store = InMemoryTaskStore.builder()
 *     .retainFor(Duration.ofHours(6))   // finished tasks are forgotten 6 hours after they end
 *     .retainAtMost(5000)               // and beyond the 5000 most recently finished
 *     .maxEvents(1000)                  // per task log: custom and progress events kept
 *     .build();
 * }</pre>
 *
 * <p><b>Bounds.</b> Unfinished tasks are bounded by {@link Tasks} (its live-task limit), finished
 * ones by count and age; each task's log by {@code maxEvents} and {@code maxLogBytes} (see
 * {@link TaskStore} for which events go first), each watcher by its {@link WatchOptions}.
 *
 * <p><b>Retention</b> is checked as the store is used, without a timer thread: every create, get,
 * list and watch first forgets the finished tasks that are past their age, oldest first, and
 * every task that finishes pushes out the oldest finished ones beyond the count. A forgotten
 * task's watchers keep the events they have queued.
 *
 * <p><b>Listeners</b> ({@link #listen}) are called on the thread that made the change, after the
 * task's record is updated and outside its lock, so a listener never delays a watcher or another
 * task; a task forgotten is reported after the store has let go of it.
 */
public final class InMemoryTaskStore implements TaskStore {
  private static final Logger log = LoggerFactory.getLogger(InMemoryTaskStore.class);

  private final ConcurrentHashMap<String, TaskRecord> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, TaskRecord> bySeq = new ConcurrentSkipListMap<>();
  private final AtomicLong seqs = new AtomicLong();
  private final ArrayDeque<Finished> finished = new ArrayDeque<>(); // guarded by itself; in end order
  private final CopyOnWriteArrayList<TaskListener> listeners = new CopyOnWriteArrayList<>();
  private final int maxFinished;
  private final Duration maxAge;
  private final int maxEvents;
  private final long maxLogBytes;
  private final Clock clock;
  private final ThreadFactory threads;
  private volatile boolean closed;

  private record Finished(TaskRecord record, Instant at) {}

  private InMemoryTaskStore(Builder b) {
    this.maxFinished = b.maxFinished;
    this.maxAge = b.maxAge;
    this.maxEvents = b.maxEvents;
    this.maxLogBytes = b.maxLogBytes;
    this.clock = b.clock;
    this.threads = b.threads;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public TaskEvent create(TaskInfo task) {
    TaskStoreArguments.checkNewTask(task);
    if (closed) {
      throw new IllegalStateException("the task store is closed");
    }
    expire();
    TaskRecord record = new TaskRecord(seqs.incrementAndGet(), task, new EventLog(maxEvents, maxLogBytes));
    TaskRecord.Appended first = record.append(new TaskUpdate.Queued(task.createdAt()), now());
    if (byId.putIfAbsent(task.id(), record) != null) {
      throw new IllegalArgumentException("a task with id " + task.id() + " exists");
    }
    bySeq.put(record.seq(), record);
    changed(first);
    return first.event();
  }

  @Override
  public TaskEvent append(String taskId, TaskUpdate update) {
    Objects.requireNonNull(update, "update");
    TaskRecord record = byId.get(taskId);
    if (record == null) {
      return null;
    }
    TaskRecord.Appended appended = record.append(update, now());
    if (appended == null) {
      return null;
    }
    changed(appended);
    TaskEvent e = appended.event();
    if (e.isFinal()) {
      finished(record, e.at());
    }
    return e;
  }

  @Override
  public Optional<TaskInfo> get(String taskId) {
    expire();
    TaskRecord record = byId.get(taskId);
    return record == null ? Optional.empty() : Optional.of(record.info());
  }

  @Override
  public TaskPage list(TaskQuery query) {
    Objects.requireNonNull(query, "query");
    expire();
    ConcurrentNavigableMap<Long, TaskRecord> older = bySeq;
    if (query.cursor() != null) {
      older = bySeq.headMap(parseCursor(query.cursor()), false);
    }
    List<TaskInfo> page = new ArrayList<>(Math.min(query.limit(), 64));
    String next = null;
    for (Map.Entry<Long, TaskRecord> entry : older.descendingMap().entrySet()) {
      TaskInfo info = entry.getValue().info();
      if (!query.matches(info)) {
        continue;
      }
      if (page.size() == query.limit()) {
        next = Long.toString(entry.getKey() + 1); // the next page starts at this task
        break;
      }
      page.add(info);
    }
    return new TaskPage(page, next);
  }

  private static long parseCursor(String cursor) {
    try {
      long seq = Long.parseLong(cursor);
      if (seq > 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException("Invalid cursor '" + cursor + "': use the 'next' value of the previous page");
  }

  @Override
  public Optional<TaskWatch> watch(String taskId, long afterId, WatchOptions options, Consumer<TaskEvent> onEvent) {
    Objects.requireNonNull(options, "options");
    if (afterId < 0) {
      throw new IllegalArgumentException("afterId must not be negative, got " + afterId);
    }
    expire();
    TaskRecord record = byId.get(taskId);
    return Optional.ofNullable(record == null ? null : record.watch(afterId, options, onEvent, threads));
  }

  @Override
  public TaskListener.Registration listen(TaskListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      throw new IllegalStateException("the task store is closed");
    }
    listeners.add(listener);
    if (closed) { // close() may have told the listeners before this one was added
      listeners.remove(listener);
      throw new IllegalStateException("the task store is closed");
    }
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (TaskRecord record : byId.values()) {
      record.close();
    }
    byId.clear();
    bySeq.clear();
    synchronized (finished) {
      finished.clear();
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

  /** How many tasks are kept, finished or not. */
  public int size() {
    return byId.size();
  }

  /** The record of a task, for tests that look at logs and watchers. */
  TaskRecord record(String taskId) {
    return byId.get(taskId);
  }

  private void finished(TaskRecord record, Instant at) {
    List<TaskRecord> gone = null;
    synchronized (finished) {
      finished.addLast(new Finished(record, at));
      while (finished.size() > maxFinished) {
        gone = forget(finished.pollFirst().record(), gone);
      }
    }
    forgotten(gone);
  }

  private void expire() {
    if (maxAge.isZero()) {
      return;
    }
    Instant cutoff = now().minus(maxAge);
    List<TaskRecord> gone = null;
    synchronized (finished) {
      while (!finished.isEmpty() && finished.peekFirst().at().isBefore(cutoff)) {
        gone = forget(finished.pollFirst().record(), gone);
      }
    }
    forgotten(gone);
  }

  private List<TaskRecord> forget(TaskRecord record, List<TaskRecord> gone) {
    byId.remove(record.id(), record);
    bySeq.remove(record.seq(), record);
    record.remove();
    if (listeners.isEmpty()) {
      return gone;
    }
    List<TaskRecord> out = gone == null ? new ArrayList<>(2) : gone;
    out.add(record);
    return out;
  }

  private void changed(TaskRecord.Appended appended) {
    for (TaskListener l : listeners) {
      try {
        l.changed(appended.after(), appended.event());
      } catch (RuntimeException failure) {
        log.warn("Task listener {} threw on event {} of task {}", l, appended.event().id(), appended.after().id(), failure);
      }
    }
  }

  private void forgotten(List<TaskRecord> gone) {
    if (gone == null) {
      return;
    }
    for (TaskRecord record : gone) {
      for (TaskListener l : listeners) {
        try {
          l.forgotten(record.id());
        } catch (RuntimeException failure) {
          log.warn("Task listener {} threw on forgetting task {}", l, record.id(), failure);
        }
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Builder configures an {@link InMemoryTaskStore}; not thread-safe. */
  public static final class Builder {
    private int maxFinished = 1000;
    private Duration maxAge = Duration.ofHours(1);
    private int maxEvents = 1000;
    private long maxLogBytes = 1 << 20;
    private Clock clock = Clock.systemUTC();
    private ThreadFactory threads = Thread.ofVirtual().name("eddy-task-watch-", 1).factory();

    private Builder() {}

    /**
     * Forgets a finished task once it ended longer ago than {@code maxAge} (1 hour unless set;
     * {@link Duration#ZERO}: no age limit).
     */
    public Builder retainFor(Duration maxAge) {
      this.maxAge = TaskStoreArguments.retainFor(maxAge);
      return this;
    }

    /** Keeps at most this many finished tasks, forgetting the earliest finished first (1000 unless set; 0 keeps none). */
    public Builder retainAtMost(int maxFinished) {
      this.maxFinished = TaskStoreArguments.retainAtMost(maxFinished);
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

    /** The clock of event times and retention ages; tests move it by hand. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where watcher callbacks run; tests count threads with it. */
    Builder threads(ThreadFactory threads) {
      this.threads = Objects.requireNonNull(threads, "threads");
      return this;
    }

    public InMemoryTaskStore build() {
      return new InMemoryTaskStore(this);
    }
  }
}
