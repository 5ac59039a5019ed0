package dev.eddy.task;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * TaskStore keeps what can be observed of tasks: each task's snapshot ({@link TaskInfo}), its
 * event log, and its watchers; and it forgets finished tasks by its retention rules.
 * {@link Tasks} runs the tasks and writes here; the HTTP API and watchers read here.
 * {@link InMemoryTaskStore} is the store in core; one shared by several processes (Redis) lives
 * in its own module and keeps this contract:
 *
 * <ul>
 *   <li><b>Atomic updates.</b> {@link #append} gives the event the task's next id (ids increase
 *       per task, starting at 1 with the {@code queued} event), applies it to the snapshot with
 *       {@link TaskInfo#apply} and to the log, and hands it to the watchers, as one step: a
 *       snapshot and the log never disagree, and every watcher sees events in id order.
 *   <li><b>Final is final.</b> Once a final event is appended, later appends return null.
 *   <li><b>Bounded logs.</b> A run of progress events keeps only its latest; other events are
 *       kept up to a bound, past which the oldest custom events go, never a state change and never
 *       the latest progress.
 *   <li><b>Watch.</b> {@link #watch} replays the retained log after an id and registers the
 *       watcher in one step, so no event is lost or repeated between replay and live delivery.
 *   <li><b>Retention.</b> Unfinished tasks are never forgotten; finished ones go by the store's
 *       rules (age, count).
 *   <li><b>Listeners.</b> {@link #listen} hears of every change to every task (the snapshot after
 *       it and its event) and of every task forgotten, from the moment it returns. A store shared
 *       by several processes delivers the changes made by all of them (over Redis, a stream of
 *       changes), so a dashboard on any instance sees every task; where it cannot vouch that
 *       nothing was lost (an outage), it says so with {@link TaskListener#missed()}.
 * </ul>
 *
 * <p>Methods must not block for long: {@link #append} is called from task bodies on every
 * progress report.
 */
public interface TaskStore extends AutoCloseable {
  /**
   * Records a new task, {@code task} in state queued, with its first event ({@code queued}, id 1).
   *
   * @throws IllegalArgumentException if a task with that id exists
   */
  TaskEvent create(TaskInfo task);

  /**
   * Records {@code update} as the task's next event; returns the event, or null if the task has
   * finished (or is unknown), in which case nothing changes.
   */
  TaskEvent append(String taskId, TaskUpdate update);

  /** The task's current snapshot; empty if unknown or forgotten. */
  Optional<TaskInfo> get(String taskId);

  /**
   * One page of tasks, newest first.
   *
   * @throws IllegalArgumentException if the query's cursor is not one this store made
   */
  TaskPage list(TaskQuery query);

  /**
   * Watches a task's events after {@code afterId} (0 for all): the retained ones, then live ones.
   * With {@code onEvent} null the watch is read with {@link TaskWatch#next()}; else it delivers
   * to {@code onEvent}. Empty if the task is unknown or forgotten.
   */
  Optional<TaskWatch> watch(String taskId, long afterId, WatchOptions options, Consumer<TaskEvent> onEvent);

  /**
   * Asks whichever process runs the task to cancel it, for a store shared by several processes;
   * {@link Task#cancel()} calls it for a task this process does not run. Returns true if the task
   * was unfinished and the request is on its way (it then ends cancelled, unless it ends some other
   * way first), false if it has finished or is unknown. The default, for a store of one process,
   * where every task is local: false.
   */
  default boolean requestCancel(String taskId) {
    return false;
  }

  /**
   * Where the store delivers cancel requests ({@link #requestCancel}) from other processes for the
   * tasks this process runs: {@link Tasks} calls it once, with a handler that cancels the local task
   * with that id (a no-op for one it does not run) and never blocks. The default does nothing.
   */
  default void onCancelRequest(Consumer<String> cancel) {}

  /**
   * Registers {@code listener} for every change to every task and every task forgotten, until the
   * registration is closed or the store closes (then {@link TaskListener#closed()} is its last
   * call). See {@link TaskListener} for threads and order.
   *
   * @throws IllegalStateException if the store is closed
   */
  TaskListener.Registration listen(TaskListener listener);

  /**
   * Ends every watch ({@link TaskWatch.End#STORE_CLOSED}), tells every listener it closed, and
   * forgets every task; idempotent.
   */
  @Override
  void close();
}
