package dev.eddy.task;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution is one task inside the {@link Tasks} that runs it, from queued to finished, and the
 * {@link TaskContext} its body gets.
 *
 * <p>Life: {@code QUEUED} until its {@link KindRunner} gives it a slot ({@link #launch}), then
 * {@code RUNNING} on a virtual thread of its own, then {@code ENDED} exactly once, in
 * {@link #finish}: the final event is appended, the slot goes back, waiters are told.
 *
 * <p>Stopping ({@link #stop}: a cancel, a timeout, the owner closing, shutdown) sets the stop flag,
 * wakes {@link #sleep}, interrupts the body's thread while the body runs, and then, on a helper
 * virtual thread (so a caller on an event loop or the timer thread never runs task code), takes a
 * queued task out of its queue, runs the cancel hooks, and cancels an asynchronous body's stage.
 * A blocking task ends when its body returns or throws; whatever it returned, a stopped task ends
 * cancelled (or failed, for a timeout): the stop wins unless the task had already ended.
 *
 * <p>Lock order: {@code lock}, then a {@link TaskScope}'s monitor. The store is never called
 * with {@code lock} held.
 */
final class Execution implements TaskContext {
  private static final Logger log = LoggerFactory.getLogger(Tasks.class);
  private static final int MAX_MESSAGE = 1000;

  enum Phase { QUEUED, RUNNING, ENDED }

  enum Stop { CANCEL, TIMEOUT }

  private final Tasks tasks;
  private final String id;
  private final KindRunner kind;
  private final Object args;
  private final Duration timeout;
  private final CompletableFuture<TaskInfo> done = new CompletableFuture<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopped = lock.newCondition();
  private volatile boolean stopRequested;

  // guarded by lock
  private Phase phase = Phase.QUEUED;
  private Stop stop;
  private String stopReason;
  private boolean slotHeld;
  private Thread thread;
  private boolean inBody;
  private CompletionStage<?> stage;
  private List<Runnable> hooks = new ArrayList<>();
  private TaskScope scope;
  private ScheduledFuture<?> timer;

  Execution(Tasks tasks, String id, KindRunner kind, Object args, Duration timeout) {
    this.tasks = tasks;
    this.id = id;
    this.kind = kind;
    this.args = args;
    this.timeout = timeout;
  }

  CompletableFuture<TaskInfo> done() {
    return done;
  }

  // ---- life ----

  /** Starts the body; its KindRunner calls it with a slot taken for it. */
  void launch() {
    boolean stoppedWhileQueued;
    lock.lock();
    try {
      slotHeld = true;
      stoppedWhileQueued = stop != null;
      if (!stoppedWhileQueued) {
        phase = Phase.RUNNING;
        thread = tasks.bodyThreads().newThread(this::run);
      }
    } finally {
      lock.unlock();
    }
    if (stoppedWhileQueued) {
      tasks.helperThreads().newThread(() -> finish(null, null)).start(); // no recursion through finished()
      return;
    }
    tasks.store().append(id, new TaskUpdate.Started(tasks.now()));
    if (timeout != null) {
      ScheduledFuture<?> t = tasks.schedule(() -> stop(Stop.TIMEOUT, null), timeout);
      lock.lock();
      try {
        if (phase == Phase.ENDED) {
          t.cancel(false);
        } else {
          timer = t;
        }
      } finally {
        lock.unlock();
      }
    }
    thread.start();
  }

  private void run() {
    TaskKind<Object> k = kind.kind();
    boolean stoppedBeforeStart;
    lock.lock();
    try {
      stoppedBeforeStart = stop != null;
      inBody = !stoppedBeforeStart;
    } finally {
      lock.unlock();
    }
    if (stoppedBeforeStart) {
      finish(null, null);
      return;
    }
    Object result = null;
    Throwable failure = null;
    try {
      if (k.isAsync()) {
        result = k.asyncBody().start(this, args);
        if (result == null) {
          throw new NullPointerException("the async body of task kind '" + k.name() + "' returned null, not a stage");
        }
      } else {
        result = k.body().run(this, args);
      }
    } catch (Throwable t) {
      failure = t;
    }
    boolean stopNow;
    lock.lock();
    try {
      inBody = false;
      stopNow = stop != null;
      if (k.isAsync() && failure == null) {
        stage = (CompletionStage<?>) result;
      }
    } finally {
      lock.unlock();
    }
    Thread.interrupted(); // an interrupt meant for the body ends here
    if (k.isAsync() && failure == null) {
      CompletionStage<?> s = (CompletionStage<?>) result;
      s.whenComplete(this::finish);
      if (stopNow) {
        cancelStage(s);
      }
      return;
    }
    finish(result, failure);
  }

  /**
   * Asks the task to stop; never blocks. Returns false if it had already ended, true if it will
   * end stopped (asked now or before).
   */
  boolean stop(Stop how, String reason) {
    boolean dequeue = false;
    CompletionStage<?> s;
    List<Runnable> toRun;
    lock.lock();
    try {
      if (phase == Phase.ENDED) {
        return false;
      }
      if (stop != null) {
        return true;
      }
      stop = how;
      stopReason = reason;
      stopRequested = true;
      stopped.signalAll();
      if (phase == Phase.QUEUED) {
        dequeue = true;
      } else if (inBody) {
        thread.interrupt();
      }
      s = stage;
      toRun = hooks;
      hooks = null;
      if (timer != null && how != Stop.TIMEOUT) {
        timer.cancel(false);
      }
    } finally {
      lock.unlock();
    }
    boolean wasQueued = dequeue;
    if (!wasQueued && toRun.isEmpty() && s == null) {
      return true; // a blocking body: the interrupt and the flag are all it gets
    }
    tasks.helperThreads().newThread(() -> {
      if (wasQueued && kind.dequeue(this)) {
        finish(null, null);
      }
      for (Runnable hook : toRun) {
        runHook(hook);
      }
      if (s != null) {
        cancelStage(s);
      }
    }).start();
    return true;
  }

  /** Cancels an async body's stage if it can be, and ends the task now either way. */
  private void cancelStage(CompletionStage<?> s) {
    if (s instanceof Future<?> f) {
      f.cancel(true);
    }
    finish(null, null);
  }

  /** Ends the task once: decides its final state, records it, frees its slot, tells waiters. */
  private void finish(Object result, Throwable failure) {
    Stop how;
    String reason;
    boolean held;
    lock.lock();
    try {
      if (phase == Phase.ENDED) {
        return;
      }
      phase = Phase.ENDED;
      how = stop;
      reason = stopReason;
      held = slotHeld;
      hooks = null;
      if (timer != null) {
        timer.cancel(false);
      }
      if (scope != null) {
        scope.remove(this);
        scope = null;
      }
      stopped.signalAll();
    } finally {
      lock.unlock();
    }
    TaskUpdate.Ended ended = outcome(how, reason, result, failure);
    tasks.store().append(id, ended);
    tasks.ended(this);
    if (held) {
      kind.finished();
    }
    TaskInfo info = tasks.store().get(id).orElse(null);
    done.complete(info);
  }

  private TaskUpdate.Ended outcome(Stop how, String reason, Object result, Throwable failure) {
    if (how == Stop.TIMEOUT) {
      return ended(TaskState.FAILED, null, new TaskError(TaskError.TIMEOUT, "timed out after " + human(timeout)));
    }
    if (how == Stop.CANCEL) {
      return ended(TaskState.CANCELLED, null, new TaskError(TaskError.CANCELLED, "cancelled: " + reason));
    }
    Throwable cause = unwrap(failure);
    if (cause == null) {
      return success(result);
    }
    if (cause instanceof CancellationException) {
      return ended(TaskState.CANCELLED, null, new TaskError(TaskError.CANCELLED, "cancelled: its stage was cancelled"));
    }
    if (cause instanceof TaskException te) {
      log.debug("Task {} ({}) failed: {}", id, kind.kind().name(), te.getMessage(), te);
      return ended(TaskState.FAILED, null, new TaskError(te.code(), te.getMessage()));
    }
    return ended(TaskState.FAILED, null, internalError("failed", cause));
  }

  private TaskUpdate.Ended success(Object result) {
    byte[] json;
    try {
      json = tasks.json().encode(result);
    } catch (RuntimeException e) {
      return ended(TaskState.FAILED, null, internalError("returned a result that can't be encoded as JSON", e));
    }
    if (json.length > tasks.maxResultBytes()) {
      log.warn("Task {} ({}) returned a result of {} bytes, over the limit of {}; it fails", id,
          kind.kind().name(), json.length, tasks.maxResultBytes());
      return ended(TaskState.FAILED, null, new TaskError(TaskError.ERROR,
          "the result is " + json.length + " bytes, over the limit of " + tasks.maxResultBytes()));
    }
    return ended(TaskState.SUCCEEDED, new String(json, StandardCharsets.UTF_8), null);
  }

  private TaskError internalError(String what, Throwable cause) {
    String errorId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    log.warn("Task {} ({}) {}; error id {}", id, kind.kind().name(), what, errorId, cause);
    return new TaskError(TaskError.ERROR, "the task " + what + " (error id " + errorId + ")");
  }

  private TaskUpdate.Ended ended(TaskState state, String result, TaskError error) {
    return new TaskUpdate.Ended(state, tasks.now(), result, error);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  // ---- owner ----

  /** Binds the task to {@code owner}; cancels it if the owner has closed. */
  void bindTo(TaskScope owner) {
    boolean closed = false;
    lock.lock();
    try {
      if (phase == Phase.ENDED) {
        return;
      }
      if (owner.add(this)) {
        scope = owner;
      } else {
        closed = true;
      }
    } finally {
      lock.unlock();
    }
    if (closed) {
      stop(Stop.CANCEL, "its owner closed");
    }
  }

  void detach() {
    lock.lock();
    try {
      if (scope != null) {
        scope.remove(this);
        scope = null;
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- TaskContext ----

  @Override
  public String id() {
    return id;
  }

  @Override
  public String kind() {
    return kind.kind().name();
  }

  @Override
  public void progress(long value, long total) {
    progress(value, total, null);
  }

  @Override
  public void progress(long value, long total, String message) {
    if (value < 0 || total < 0) {
      throw new IllegalArgumentException("progress must not be negative, got " + value + "/" + total);
    }
    if (total > 0 && value > total) {
      throw new IllegalArgumentException("progress value " + value + " is over its total " + total);
    }
    if (message != null && message.length() > MAX_MESSAGE) {
      throw new IllegalArgumentException("progress message must be at most " + MAX_MESSAGE
          + " characters, got " + message.length());
    }
    tasks.store().append(id, new TaskUpdate.Progress(value, total, message));
  }

  @Override
  public void emit(String type, Object payload) {
    TaskEvent.checkCustomType(type);
    byte[] json = tasks.json().encode(payload);
    if (json.length > tasks.maxEventBytes()) {
      throw new IllegalArgumentException("event '" + type + "' is " + json.length + " bytes of JSON, over the limit of "
          + tasks.maxEventBytes());
    }
    tasks.store().append(id, new TaskUpdate.Custom(type, new String(json, StandardCharsets.UTF_8)));
  }

  @Override
  public boolean cancelled() {
    return stopRequested;
  }

  @Override
  public void checkCancelled() {
    if (stopRequested) {
      throw new CancellationException("task " + id + " was asked to stop");
    }
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Objects.requireNonNull(duration, "duration");
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    lock.lockInterruptibly();
    try {
      while (!stopRequested && nanos > 0) {
        nanos = stopped.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
    if (stopRequested) {
      throw new InterruptedException("task " + id + " was asked to stop");
    }
  }

  @Override
  public void onCancel(Runnable hook) {
    Objects.requireNonNull(hook, "hook");
    lock.lock();
    try {
      if (hooks != null && !stopRequested) {
        hooks.add(hook);
        return;
      }
      if (!stopRequested) {
        return; // ended without being stopped: the hook will never be needed
      }
    } finally {
      lock.unlock();
    }
    tasks.helperThreads().newThread(() -> runHook(hook)).start();
  }

  private void runHook(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      log.warn("A cancel hook of task {} ({}) threw", id, kind.kind().name(), e);
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Task(" + id + ", " + kind.kind().name() + ", " + phase + (stop == null ? "" : ", stopping: " + stop) + ")";
    } finally {
      lock.unlock();
    }
  }
}
