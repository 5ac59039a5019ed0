package dev.eddy.internal.task;

import dev.eddy.internal.feed.BoundedFeed;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.TaskWatchEndedException;
import dev.eddy.task.WatchOptions;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watcher is the {@link TaskWatch} of Eddy's task stores (the in-memory one and the Redis one): a
 * {@link BoundedFeed} of events, the replay first, that the task's record fills under the record's
 * lock; {@code unregister} takes it out of the record when it ends by itself. The same design as
 * the Hub's subscriptions, plus two task rules: a progress event replaces a progress event at the
 * queue's tail, and the final event is always queued and ends the watch ({@code FINISHED}) once
 * taken.
 *
 * <p>Lock order: the record's monitor, then the feed's lock.
 */
public final class Watcher extends BoundedFeed<TaskEvent, TaskWatch.End> implements TaskWatch {
  private static final Logger log = LoggerFactory.getLogger(TaskWatch.class);
  private static final Ends<End> ENDS = new Ends<>(End.CLOSED, End.TOO_SLOW, End.FAILED);

  private final String taskId;
  private final Consumer<Watcher> unregister;
  private final Resume resume;

  public Watcher(String taskId, Consumer<Watcher> unregister, WatchOptions options, Resume resume, TaskEvent[] replay,
      Consumer<TaskEvent> onEvent, ThreadFactory threads) {
    super("the watch of task " + taskId, options.capacity(), options.overflow(), ENDS, replay, onEvent, threads);
    this.taskId = taskId;
    this.unregister = unregister;
    this.resume = resume;
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public Resume resume() {
    return resume;
  }

  @Override
  protected End endAfter(TaskEvent e) {
    return e.isFinal() ? End.FINISHED : null;
  }

  @Override
  protected boolean replaces(TaskEvent e, TaskEvent queuedTail) {
    return e.isProgress() && queuedTail.isProgress(); // the newer progress says all the older one did
  }

  @Override
  protected RuntimeException endedException(End reason) {
    return new TaskWatchEndedException(taskId, reason);
  }

  @Override
  protected void callbackFailed(TaskEvent e, Throwable t) {
    log.warn("Watcher of task {} threw on event {}; the watch ends", taskId, e.id(), t);
  }

  @Override
  protected void leaveOwner() {
    unregister.accept(this);
  }

  @Override
  public String toString() {
    return "TaskWatch(" + taskId + ", " + state() + ")";
  }
}
