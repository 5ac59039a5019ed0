package dev.eddy.task;

import dev.eddy.JsonCodec;
import dev.eddy.internal.json.JacksonCodec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks runs long work in the background and lets anyone watch it: one per app. Register kinds of
 * task, start tasks of them (from code, the HTTP API of {@link TaskApi}, or a socket), and watch,
 * cancel and list them.
 *
 * <pre>{@code
 * Tasks tasks = Tasks.create();
 * tasks.register(TaskKind.blocking("count", Void.class, (task, none) -> {
 *   for (int i = 1; i <= 150; i++) {
 *     task.progress(i, 150);
 *     task.sleep(Duration.ofMillis(50));     // wakes at once on cancel
 *   }
 *   return "counted";
 * }));
 * app.use("/api/tasks", TaskApi.router(tasks));
 * app.onStop(tasks::close);
 *
 * Task task = tasks.start("count", null);
 * task.await(Duration.ofMinutes(1)).state();  // SUCCEEDED
 * }</pre>
 *
 * <p><b>Running.</b> A blocking body runs on a virtual thread of its own; an async body's stage
 * drives its task. A kind may limit how many of its tasks run at once, with a bounded FIFO queue
 * behind the limit ({@link TaskKind#limit}), and may time them out ({@link TaskKind#timeout}).
 *
 * <p><b>Bounds.</b> At most {@link Builder#maxLive} unfinished tasks in all (more starts are
 * refused with {@link TaskRejectedException}); each kind's queue; each event's and result's size;
 * finished tasks, logs and watchers by the {@link TaskStore}'s rules.
 *
 * <p><b>Stopping</b> reaches a body by interrupt, stop flag and hooks (see {@link TaskContext}).
 * {@link #close()} refuses new tasks, cancels the rest, waits up to
 * {@link Builder#shutdownGrace} for them to end, then closes the store.
 *
 * <p>Thread-safe.
 */
public final class Tasks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Tasks.class);

  private final TaskStore store;
  private final JsonCodec json;
  private final int maxLive;
  private final int maxEventBytes;
  private final int maxResultBytes;
  private final Duration shutdownGrace;
  private final ConcurrentHashMap<String, KindRunner> kinds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Execution> live = new ConcurrentHashMap<>();
  private final AtomicInteger liveCount = new AtomicInteger();
  private final ScheduledThreadPoolExecutor timers;
  private final ThreadFactory bodyThreads = Thread.ofVirtual().name("eddy-task-", 1).factory();
  private final ThreadFactory helperThreads = Thread.ofVirtual().name("eddy-task-helper-", 1).factory();
  private final SecureRandom random = new SecureRandom();
  private volatile boolean closed;

  private Tasks(Builder b) {
    this.store = b.store != null ? b.store : InMemoryTaskStore.builder().build();
    this.json = b.json;
    this.maxLive = b.maxLive;
    this.maxEventBytes = b.maxEventBytes;
    this.maxResultBytes = b.maxResultBytes;
    this.shutdownGrace = b.shutdownGrace;
    this.timers = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "eddy-task-timeouts");
      t.setDaemon(true);
      return t;
    });
    timers.setRemoveOnCancelPolicy(true);
    store.onCancelRequest(id -> {
      Execution e = live.get(id);
      if (e != null) {
        e.stop(Execution.Stop.CANCEL, "cancelled by request");
      }
    });
  }

  /** A manager with an {@link InMemoryTaskStore} and the defaults of {@link Builder}. */
  public static Tasks create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers a kind of task; its tasks can be started by its name from then on.
   *
   * @throws IllegalArgumentException if a kind of that name is registered
   */
  public Tasks register(TaskKind<?> kind) {
    Objects.requireNonNull(kind, "kind");
    if (kinds.putIfAbsent(kind.name(), new KindRunner(kind)) != null) {
      throw new IllegalArgumentException("Task kind '" + kind.name() + "' is already registered");
    }
    return this;
  }

  /** The names of the registered kinds, sorted. */
  public Set<String> kinds() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(kinds.keySet())); // Set.copyOf would lose the order
  }

  /** The registered kind named {@code name}. */
  public Optional<TaskKind<?>> kind(String name) {
    KindRunner k = name == null ? null : kinds.get(name);
    return Optional.ofNullable(k == null ? null : k.kind());
  }

  /** Starts a detached task of {@code kind} with the kind's timeout; see {@link #start(String, Object, StartOptions)}. */
  public Task start(String kind, Object args) {
    return start(kind, args, StartOptions.defaults());
  }

  /**
   * Starts a task of {@code kind}: it runs at once if the kind has a free slot, else waits in the
   * kind's queue. {@code args} must be an instance of the kind's argument type (null for
   * {@code Void}); they pass the kind's validator before anything is created.
   *
   * @throws IllegalArgumentException if there is no such kind or the arguments don't fit it
   * @throws TaskRejectedException if there is no room (the kind's queue is full, too many
   *     unfinished tasks) or the manager is closed; nothing was created
   * @throws IllegalStateException if the owner scope is closed
   */
  public Task start(String kind, Object args, StartOptions options) {
    Objects.requireNonNull(options, "options");
    KindRunner k = runner(kind);
    Object typed = k.kind().accept(args);
    requireOpen();
    TaskScope owner = options.owner();
    if (owner != null && !owner.isOpen()) {
      throw new IllegalStateException("The owner of the task is closed; the task was not started");
    }
    if (liveCount.incrementAndGet() > maxLive) {
      liveCount.decrementAndGet();
      throw new TaskRejectedException(TaskRejectedException.Reason.TOO_MANY_TASKS,
          "There are " + maxLive + " unfinished tasks, the most this server runs; try again later");
    }
    try {
      k.reserve();
    } catch (RuntimeException e) {
      liveCount.decrementAndGet();
      throw e;
    }
    String id = newId();
    Duration timeout = options.timeout() != null ? options.timeout() : k.kind().timeout();
    Execution e = new Execution(this, id, k, typed, timeout);
    live.put(id, e);
    try {
      store.create(TaskInfo.queued(id, kind, now()));
    } catch (RuntimeException failure) {
      live.remove(id);
      liveCount.decrementAndGet();
      k.unreserve();
      throw failure;
    }
    k.submit(e);
    if (owner != null) {
      e.bindTo(owner);
    }
    if (closed) { // close() may have missed it
      e.stop(Execution.Stop.CANCEL, "the task manager is closing");
    }
    return new Task(this, id, kind);
  }

  /**
   * Starts a task with arguments given as JSON (from a request or a socket message), bound to the
   * kind's argument type. For a {@code Void} kind the JSON must be empty, {@code null} or
   * {@code {}}.
   *
   * @throws IllegalArgumentException naming the problem, fit for a 400: no such kind, malformed
   *     JSON, JSON that does not fit the type, or arguments the validator refused
   * @throws TaskRejectedException as {@link #start(String, Object, StartOptions)}
   */
  public Task startJson(String kind, byte[] json, StartOptions options) {
    KindRunner k = runner(kind);
    Class<?> type = k.kind().argsType();
    String text = json == null ? "" : new String(json, StandardCharsets.UTF_8).strip();
    Object args = null;
    if (type == Void.class) {
      if (!text.isEmpty() && !text.equals("null") && !text.replaceAll("\\s", "").equals("{}")) {
        throw new IllegalArgumentException("Task kind '" + kind + "' takes no arguments");
      }
    } else {
      if (text.isEmpty() || text.equals("null")) {
        throw new IllegalArgumentException("Task kind '" + kind + "' needs JSON arguments (" + type.getSimpleName() + ")");
      }
      args = this.json.decode(json, type);
    }
    return start(kind, args, options);
  }

  /** The task with this id, finished or not, while the store keeps it. */
  public Optional<Task> get(String id) {
    if (id == null) {
      return Optional.empty();
    }
    return store.get(id).map(info -> new Task(this, id, info.kind()));
  }

  /** One page of tasks, newest first. */
  public TaskPage list(TaskQuery query) {
    return store.list(query);
  }

  /**
   * Calls {@code listener} with every change to every task the store keeps, and every task it
   * forgets, until the registration is closed or the manager closes. For views of many tasks at
   * once; see {@link TaskListener} for its threads and order. With a store shared by several
   * processes, the changes come from all of them.
   *
   * @throws IllegalStateException if the manager is closed
   */
  public TaskListener.Registration listen(TaskListener listener) {
    if (closed) {
      throw new IllegalStateException("The task manager is closed");
    }
    return store.listen(listener);
  }

  /**
   * Refuses new tasks, cancels every unfinished one, waits up to the shutdown grace for them to
   * end (logging the ones that don't), then closes the store. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Execution> running = new ArrayList<>(live.values());
    for (Execution e : running) {
      e.stop(Execution.Stop.CANCEL, "the task manager is closing");
    }
    long deadline = System.nanoTime() + shutdownGrace.toNanos();
    for (Execution e : running) {
      try {
        e.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException late) {
        log.warn("{} did not stop within {}; closing without it", e, shutdownGrace);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException impossible) {
        throw new AssertionError(impossible);
      }
    }
    timers.shutdownNow();
    store.close();
  }

  @Override
  public String toString() {
    return "Tasks(" + kinds.size() + " kinds, " + liveCount.get() + " unfinished" + (closed ? ", closed)" : ")");
  }

  // ---- for Execution and Task ----

  TaskStore store() {
    return store;
  }

  boolean isClosed() {
    return closed;
  }

  JsonCodec json() {
    return json;
  }

  int maxEventBytes() {
    return maxEventBytes;
  }

  int maxResultBytes() {
    return maxResultBytes;
  }

  ThreadFactory bodyThreads() {
    return bodyThreads;
  }

  ThreadFactory helperThreads() {
    return helperThreads;
  }

  Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  ScheduledFuture<?> schedule(Runnable r, Duration delay) {
    return timers.schedule(r, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  Execution live(String id) {
    return live.get(id);
  }

  void ended(Execution e) {
    if (live.remove(e.id(), e)) {
      liveCount.decrementAndGet();
    }
  }

  KindRunner runner(String kind) {
    KindRunner k = kind == null ? null : kinds.get(kind);
    if (k == null) {
      throw new IllegalArgumentException("No task kind '" + kind + "'; known kinds: " + String.join(", ", kinds()));
    }
    return k;
  }

  private void requireOpen() {
    if (closed) {
      throw new TaskRejectedException(TaskRejectedException.Reason.CLOSED, "The task manager is closed");
    }
  }

  /** 120 random bits, URL-safe: 20 characters. */
  private String newId() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Builder configures {@link Tasks}; not thread-safe. */
  public static final class Builder {
    private TaskStore store;
    private JsonCodec json = new JacksonCodec();
    private int maxLive = 10_000;
    private int maxEventBytes = 64 * 1024;
    private int maxResultBytes = 1 << 20;
    private Duration shutdownGrace = Duration.ofSeconds(5);

    private Builder() {}

    /** Where tasks are kept; an {@link InMemoryTaskStore} with its defaults unless set. The manager closes it. */
    public Builder store(TaskStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Encodes results and event payloads and decodes JSON arguments; Jackson unless set. */
    public Builder json(JsonCodec json) {
      this.json = Objects.requireNonNull(json, "json");
      return this;
    }

    /** The most unfinished (queued or running) tasks over all kinds; 10,000 unless set. */
    public Builder maxLive(int maxLive) {
      if (maxLive < 1) {
        throw new IllegalArgumentException("maxLive must be positive, got " + maxLive);
      }
      this.maxLive = maxLive;
      return this;
    }

    /** The largest custom event payload, as JSON; 64 KiB unless set. */
    public Builder maxEventBytes(int maxEventBytes) {
      if (maxEventBytes < 64) {
        throw new IllegalArgumentException("maxEventBytes must be at least 64, got " + maxEventBytes);
      }
      this.maxEventBytes = maxEventBytes;
      return this;
    }

    /** The largest result, as JSON; a bigger one fails its task. 1 MiB unless set. */
    public Builder maxResultBytes(int maxResultBytes) {
      if (maxResultBytes < 64) {
        throw new IllegalArgumentException("maxResultBytes must be at least 64, got " + maxResultBytes);
      }
      this.maxResultBytes = maxResultBytes;
      return this;
    }

    /** How long {@link Tasks#close()} waits for cancelled tasks to end; 5 seconds unless set. */
    public Builder shutdownGrace(Duration shutdownGrace) {
      Objects.requireNonNull(shutdownGrace, "shutdownGrace");
      if (shutdownGrace.isNegative()) {
        throw new IllegalArgumentException("shutdownGrace must not be negative, got " + shutdownGrace);
      }
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    public Tasks build() {
      return new Tasks(this);
    }
  }
}
