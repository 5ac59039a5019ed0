package dev.eddy.task;

import java.time.Duration;

/**
 * TaskContext is what a task body gets to talk to the world: report progress, emit custom events,
 * and find out it should stop. Safe from any thread; the methods never block except
 * {@link #sleep}.
 *
 * <p>Stopping (a cancel, a timeout, the owner closing, shutdown) reaches a body three ways, so
 * every style of code can see it:
 *
 * <ul>
 *   <li>an <b>interrupt</b> of the body's virtual thread (blocking bodies, while the body runs):
 *       sleeps, lock and queue waits throw {@link InterruptedException}, blocking socket I/O
 *       fails with a closed socket;
 *   <li>the <b>stop flag</b>, {@link #cancelled()}, for loops that poll it (the seed's
 *       {@code threading.Event}) and for CPU-bound code;
 *   <li><b>hooks</b>, {@link #onCancel}, for asynchronous code that has something to close.
 * </ul>
 */
public interface TaskContext {
  /** The task's id. */
  String id();

  /** The task's kind. */
  String kind();

  /**
   * Reports progress: {@code value} out of {@code total} (0: unknown). Watchers see a
   * {@code progress} event; a run of them is coalesced into the latest, so report as often as is
   * convenient.
   *
   * @throws IllegalArgumentException if {@code value} or {@code total} is negative, or
   *     {@code value > total} with a known total
   */
  void progress(long value, long total);

  /**
   * Reports progress with a message for people ("Fetching page 3"); the message stays until
   * another replaces it. At most 1000 characters.
   */
  void progress(long value, long total, String message);

  /**
   * Emits a custom event: {@code type} becomes the SSE event name, {@code payload} (anything the
   * task manager's {@link dev.eddy.JsonCodec} can encode; null for none) its data. Custom events
   * are kept in the log up to its bound.
   *
   * @throws IllegalArgumentException if the type is malformed or built in ({@code progress},
   *     {@code running}, ...), or the payload can't be encoded or is larger than the manager's
   *     event limit
   */
  void emit(String type, Object payload);

  /** The stop flag: true once the task has been asked to stop. It never goes back to false. */
  boolean cancelled();

  /**
   * Throws {@link java.util.concurrent.CancellationException} if the task has been asked to stop;
   * a one-line check for loops.
   */
  void checkCancelled();

  /**
   * Sleeps for {@code duration}, waking at once when the task is asked to stop, from any thread
   * (not only on the body's own thread).
   *
   * @throws InterruptedException if the task was asked to stop before or during the sleep, or the
   *     thread was interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Runs {@code hook} when the task is asked to stop, on a virtual thread of its own; at once (on
   * such a thread) if it already has. For asynchronous bodies that have something to close.
   */
  void onCancel(Runnable hook);
}
