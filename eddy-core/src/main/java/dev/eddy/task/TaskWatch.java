package dev.eddy.task;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * TaskWatch is one watcher of a task: the task's events after the id it started from, in id
 * order, each at most once. First the retained log after that id (the replay), then live events,
 * with no gap and no duplicate between the two even while the task runs: the replay is taken and
 * the watcher registered in one step. It ends after the task's final event.
 *
 * <pre>{@code
 * try (TaskWatch watch = task.watch(0)) {
 *   for (TaskEvent e : watch) {
 *     System.out.println(e.type() + " " + e.data());
 *   }
 * }
 * }</pre>
 *
 * <p>A watch made with a callback ({@link Task#watch(long, WatchOptions,
 * java.util.function.Consumer)}) delivers to it instead, one event at a time, in order, on a
 * virtual thread that exists only while there is something to deliver; {@link #next()},
 * {@link #poll} and {@link #iterator()} then throw {@link IllegalStateException}. A callback that
 * throws ends the watch with {@link End#FAILED}.
 *
 * <p>Live events wait in a bounded queue; see {@link WatchOptions}.
 */
public interface TaskWatch extends Iterable<TaskEvent>, AutoCloseable {
  /** The task watched. */
  String taskId();

  /** How the first events relate to the id the watch started from. */
  Resume resume();

  /**
   * The next event, waiting as long as it takes.
   *
   * @throws TaskWatchEndedException once the watch has ended: after the final event was taken,
   *     or closed, or too slow
   * @throws InterruptedException if interrupted while waiting; the watch stays open
   */
  TaskEvent next() throws InterruptedException;

  /**
   * The next event, waiting at most {@code timeout}; null if none came in time.
   *
   * @throws TaskWatchEndedException once the watch has ended
   */
  TaskEvent poll(Duration timeout) throws InterruptedException;

  /**
   * Events as {@link #next()} returns them; {@code hasNext()} is false once the watch has ended
   * (after the final event, normally), or when the thread is interrupted while waiting (the
   * interrupt status stays set).
   */
  @Override
  Iterator<TaskEvent> iterator();

  /** How many events {@link dev.eddy.hub.Overflow#DROP_OLDEST} discarded. */
  long dropped();

  /** Why the watch ended; empty while it is open. */
  Optional<End> end();

  /** Completes with the reason once the watch has ended (after the last callback, in callback mode). */
  CompletionStage<End> whenEnded();

  /** Ends the watch with {@link End#CLOSED} unless it has ended; idempotent, safe from any thread. */
  @Override
  void close();

  /** Why a watch ended. */
  enum End {
    /** The task's final event was delivered. */
    FINISHED,
    /** {@link TaskWatch#close()} was called. */
    CLOSED,
    /** Its queue was full and its overflow policy is DISCONNECT. */
    TOO_SLOW,
    /** Its callback threw. */
    FAILED,
    /** The store closed (the task manager shut down). */
    STORE_CLOSED
  }

  /** How a watch's first events relate to the id it started after. */
  enum Resume {
    /** Every event after that id follows (minus progress events a newer one replaced). */
    COMPLETE,
    /**
     * Some custom events after that id were dropped by the log's bound; what is retained follows.
     * The latest progress and every state change are never dropped.
     */
    GAP,
    /** The id is beyond anything the task logged; its whole retained log follows. */
    UNKNOWN
  }
}
