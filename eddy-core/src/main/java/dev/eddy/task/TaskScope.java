package dev.eddy.task;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * TaskScope is an owner that tasks can be bound to: closing it cancels every task still bound to
 * it. Bind a task with {@link StartOptions#owner}; a task leaves its scope when it ends or with
 * {@link Task#detach()}. Tasks started without an owner are detached: they outlive whatever
 * started them and can be found again by id ({@link Tasks#get}) and watched from any event id.
 *
 * <p>A connection becomes an owner in one line, with its close callback:
 *
 * <pre>{@code
 * app.sse("/export", client -> {
 *   TaskScope scope = TaskScope.closedBy(client::onClose);  // the stream closing cancels the task
 *   Task task = tasks.start("export", null, StartOptions.defaults().owner(scope));
 *   TaskApi.stream(task, client);
 * });
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} never blocks: it only asks the tasks to stop.
 */
public final class TaskScope implements AutoCloseable {
  private final Set<Execution> bound = new LinkedHashSet<>();
  private boolean closed;

  private TaskScope() {}

  /** A scope that lives until {@link #close()}. */
  public static TaskScope open() {
    return new TaskScope();
  }

  /**
   * A scope closed by whatever {@code onClose} registers it with: {@code client::onClose} for an
   * SSE client, a WebSocket's close callback. If that callback runs at once (the connection has
   * already closed), the scope is closed from the start.
   */
  public static TaskScope closedBy(Consumer<Runnable> onClose) {
    Objects.requireNonNull(onClose, "onClose");
    TaskScope scope = new TaskScope();
    onClose.accept(scope::close);
    return scope;
  }

  /** Cancels every task still bound here (they end cancelled: "its owner closed"); idempotent. */
  @Override
  public void close() {
    List<Execution> toCancel;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toCancel = new ArrayList<>(bound);
      bound.clear();
    }
    for (Execution e : toCancel) {
      e.stop(Execution.Stop.CANCEL, "its owner closed");
    }
  }

  public synchronized boolean isOpen() {
    return !closed;
  }

  /** How many unfinished tasks are bound here. */
  public synchronized int size() {
    return bound.size();
  }

  /** Adds a task; false if the scope is closed. Called under the task's lock. */
  synchronized boolean add(Execution e) {
    if (closed) {
      return false;
    }
    bound.add(e);
    return true;
  }

  /** Called under the task's lock. */
  synchronized void remove(Execution e) {
    bound.remove(e);
  }
}
