package dev.eddy.task;

/**
 * TaskListener hears about every change to every task a {@link TaskStore} keeps: the store-wide
 * counterpart of {@link Task#watch}, for views of many tasks at once (the dashboard's feed) rather
 * than the full story of one. Register it with {@link Tasks#listen} (or {@link TaskStore#listen}).
 *
 * <pre>{@code
 * TaskListener.Registration r = tasks.listen((task, event) -> counts.merge(task.state(), 1, Integer::sum));
 * ...
 * r.close();
 * }</pre>
 *
 * <p><b>Threads.</b> The in-memory store calls on the thread that made the change (a task body
 * reporting progress, a timer, a cancel), right after the change is recorded; a store shared over
 * a network, on a thread of its own (see below). Either way a listener must be quick and never
 * block: hand the work to a queue or a thread of your own. What it throws is logged and otherwise
 * ignored; it stays registered.
 *
 * <p><b>Order.</b> Changes of one task recorded one after another from different threads may
 * reach a listener in either order. Each snapshot carries {@link TaskInfo#lastEventId()}, which
 * grows with every change of its task: keep the snapshot with the higher one. Nothing is missed:
 * every change recorded after {@link TaskStore#listen} returned is delivered, except where the
 * store says so with {@link #missed()}.
 *
 * <p><b>Stores shared over a network</b> (Redis) call a listener on a thread of their own, in the
 * order the changes were recorded, shortly after; a listener on one instance hears the tasks of
 * every instance. When such a store cannot vouch that every change reached the listener (its
 * connection to the other instances was down, or the listener fell further behind than the store
 * keeps), it calls {@link #missed()}, and calls go on as before.
 */
public interface TaskListener {
  /**
   * A task changed: it was created ({@code queued}), started, reported progress, emitted a custom
   * event, or finished. {@code task} is its snapshot right after the change, {@code event} the
   * event the change added to its log.
   */
  void changed(TaskInfo task, TaskEvent event);

  /** The store forgot a finished task by its retention rules; no further calls name it. */
  default void forgotten(String taskId) {}

  /**
   * Some changes may not have reached this listener: a store shared over a network lost its
   * connection for a while (it calls this once it is back) or the listener fell further behind
   * than the store keeps. What the listener knows of tasks may be stale: read them afresh
   * ({@link TaskStore#list}), off this thread, and keep the newer of each (the higher
   * {@link TaskInfo#lastEventId()}), since changes keep coming meanwhile. The in-memory store never
   * calls it. The default does nothing.
   */
  default void missed() {}

  /** The store closed; nothing follows. */
  default void closed() {}

  /** Registration is one listener's place in a store; {@link #close()} removes it. */
  interface Registration extends AutoCloseable {
    /** Stops the calls (one already under way may still finish); idempotent. */
    @Override
    void close();
  }
}
