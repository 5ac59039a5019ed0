package dev.eddy.task;

import java.util.ArrayDeque;

/**
 * KindRunner enforces one kind's concurrency limit: at most {@code concurrency} tasks running,
 * the next ones waiting first-in first-out in a queue of at most {@code queue}. A start first
 * reserves room ({@link #reserve}, which may refuse), then the task is recorded in the store, then
 * {@link #submit} runs or queues it, so a refused start leaves nothing behind.
 *
 * <p>Invariant: the queue is non-empty only while every slot is taken; a slot that frees goes to
 * the head of the queue.
 */
final class KindRunner {
  private final TaskKind<Object> kind;
  private final long capacity;
  private final ArrayDeque<Execution> waiting = new ArrayDeque<>();
  private int running;
  private int reserved;

  @SuppressWarnings("unchecked")
  KindRunner(TaskKind<?> kind) {
    this.kind = (TaskKind<Object>) kind;
    this.capacity = (long) kind.concurrency() + kind.queue();
  }

  TaskKind<Object> kind() {
    return kind;
  }

  /** Takes room for one more task, or throws QUEUE_FULL. */
  synchronized void reserve() {
    if ((long) running + waiting.size() + reserved >= capacity) {
      throw new TaskRejectedException(TaskRejectedException.Reason.QUEUE_FULL, "Task kind '" + kind.name()
          + "' is at its limit: " + running + " running, " + waiting.size() + " waiting (at most "
          + kind.concurrency() + " running and " + kind.queue() + " waiting); try again later");
    }
    reserved++;
  }

  /** Gives back room taken by {@link #reserve} for a task that was not created after all. */
  synchronized void unreserve() {
    reserved--;
  }

  /** Runs {@code e} if a slot is free, else queues it; uses the room {@link #reserve} took. */
  void submit(Execution e) {
    boolean run;
    synchronized (this) {
      reserved--;
      run = running < kind.concurrency() && waiting.isEmpty();
      if (run) {
        running++;
      } else {
        waiting.addLast(e);
      }
    }
    if (run) {
      e.launch();
    }
  }

  /** Takes a waiting task out of the queue; false if it is not there (it was just launched). */
  synchronized boolean dequeue(Execution e) {
    return waiting.remove(e);
  }

  /** A running task of this kind ended: its slot goes to the head of the queue. */
  void finished() {
    Execution next;
    synchronized (this) {
      running--;
      next = waiting.pollFirst();
      if (next != null) {
        running++;
      }
    }
    if (next != null) {
      next.launch();
    }
  }

  synchronized int running() {
    return running;
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
