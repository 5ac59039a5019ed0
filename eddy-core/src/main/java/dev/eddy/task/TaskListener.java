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
 * <p><b>Threads.</b> Calls come on the thread that made the change (a task body reporting
 * progress, a timer, a cancel), right after the change is recorded. A listener must therefore be
 * quick and never block: hand the work to a queue or a thread of your own. What it throws is
 * logged and otherwise ignored; it stays registered.
 *
 * <p><b>Order.</b> Changes of one task recorded one after another from different threads may
 * reach a listener in either order. Each snapshot carries {@link TaskInfo#lastEventId()}, which
 * grows with every change of its task: keep the snapshot with the higher one. Nothing is missed:
 * every change recorded after {@link TaskStore#listen} returned is delivered.
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

  /** The store closed; nothing follows. */
  default void closed() {}

  /** Registration is one listener's place in a store; {@link #close()} removes it. */
  interface Registration extends AutoCloseable {
    /** Stops the calls (one already under way may still finish); idempotent. */
    @Override
    void close();
  }
}
