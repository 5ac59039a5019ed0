package dev.eddy.task;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Task is a handle to one task, by id: what {@link Tasks#start} and {@link Tasks#get} return. It
 * holds no state of its own; every call asks the manager and its store, so any number of handles
 * to the same task agree, and a handle made from an id (a re-attaching client) is as good as the
 * one {@code start} returned.
 */
public final class Task {
  private final Tasks tasks;
  private final String id;
  private final String kind;

  Task(Tasks tasks, String id, String kind) {
    this.tasks = tasks;
    this.id = id;
    this.kind = kind;
  }

  public String id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  /**
   * The task's current snapshot.
   *
   * @throws NoSuchElementException if the store no longer keeps it (retention)
   */
  public TaskInfo info() {
    return tasks.store().get(id).orElseThrow(() -> new NoSuchElementException("Task " + id + " is no longer kept"));
  }

  /** The task's current state; see {@link #info()}. */
  public TaskState state() {
    return info().state();
  }

  /**
   * Asks the task to stop: a queued task ends cancelled without running; a running one is
   * interrupted, its stop flag set and its cancel hooks run, and it ends cancelled when its body
   * returns (an async body's stage is cancelled and the task ends at once). Never blocks; see
   * {@link #await} to wait for the end.
   *
   * A task another process runs (with a shared store) is cancelled through the store
   * ({@link TaskStore#requestCancel}), which reaches that process.
   *
   * @return false if the task had already finished, true if it will end cancelled (or, if its
   *     timeout fired first, timed out)
   */
  public boolean cancel() {
    Execution e = tasks.live(id);
    if (e != null) {
      return e.stop(Execution.Stop.CANCEL, "cancelled by request");
    }
    return tasks.store().requestCancel(id);
  }

  /**
   * Completes with the final snapshot once the task has finished; for a task another process runs
   * (with a shared store), once the store reports its final event.
   */
  public CompletionStage<TaskInfo> whenDone() {
    Execution e = tasks.live(id);
    if (e != null) {
      return e.done().minimalCompletionStage();
    }
    TaskInfo now = info();
    if (now.isFinished()) {
      return CompletableFuture.completedStage(now);
    }
    CompletableFuture<TaskInfo> done = new CompletableFuture<>();
    TaskWatch watch = tasks.store().watch(id, now.lastEventId(), WatchOptions.dropOldest().capacity(1), event -> {
      if (event.isFinal()) {
        tasks.store().get(id).ifPresent(done::complete);
      }
    }).orElse(null);
    if (watch == null) {
      return CompletableFuture.completedStage(info());
    }
    watch.whenEnded().thenRun(() -> {
      if (!done.isDone()) {
        tasks.store().get(id).filter(TaskInfo::isFinished).ifPresentOrElse(done::complete,
            () -> done.completeExceptionally(new IllegalStateException("the watch of task " + id + " ended before the task did")));
      }
    });
    done.whenComplete((info, failure) -> watch.close());
    return done.minimalCompletionStage();
  }

  /**
   * Waits for the task to finish and returns its final snapshot.
   *
   * @throws TimeoutException if it has not finished within {@code timeout}
   */
  public TaskInfo await(Duration timeout) throws InterruptedException, TimeoutException {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return whenDone().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible.getCause());
    }
  }

  /**
   * The result of a task that succeeded, decoded from its JSON into {@code type}.
   *
   * @throws IllegalStateException if the task has not succeeded (it names the state and error)
   */
  public <T> T result(Class<T> type) {
    TaskInfo info = info();
    if (info.state() != TaskState.SUCCEEDED) {
      throw new IllegalStateException("Task " + id + " has no result: it is " + info.state().wireName()
          + (info.error() == null ? "" : " (" + info.error().code() + ": " + info.error().message() + ")"));
    }
    return tasks.json().decode(info.result().getBytes(StandardCharsets.UTF_8), type);
  }

  /** Watches the events after {@code afterId} (0: all), read with {@link TaskWatch#next()}; default options. */
  public TaskWatch watch(long afterId) {
    return watch(afterId, WatchOptions.defaults());
  }

  /** Watches the events after {@code afterId} (0: all), read with {@link TaskWatch#next()}. */
  public TaskWatch watch(long afterId, WatchOptions options) {
    return tasks.store().watch(id, afterId, options, null)
        .orElseThrow(() -> new NoSuchElementException("Task " + id + " is no longer kept"));
  }

  /**
   * Watches the events after {@code afterId} (0: all), delivered to {@code onEvent} one at a time
   * on a virtual thread: for adapters that write to a connection (SSE, WebSocket).
   */
  public TaskWatch watch(long afterId, WatchOptions options, Consumer<TaskEvent> onEvent) {
    Objects.requireNonNull(onEvent, "onEvent");
    return tasks.store().watch(id, afterId, options, onEvent)
        .orElseThrow(() -> new NoSuchElementException("Task " + id + " is no longer kept"));
  }

  /** Unbinds the task from its owner scope, so closing the scope no longer cancels it. */
  public void detach() {
    Execution e = tasks.live(id);
    if (e != null) {
      e.detach();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Task t && t.id.equals(id) && t.tasks == tasks;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Task(" + id + ", " + kind + ")";
  }
}
