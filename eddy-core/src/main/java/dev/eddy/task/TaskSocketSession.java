package dev.eddy.task;

import dev.eddy.ws.SlowPeerException;
import dev.eddy.ws.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TaskSocketSession is one connection of a {@link TaskSocket}: the scope its bound tasks belong
 * to and the watches it holds, at most one per task. Requests arrive one at a time on the
 * connection's callback thread; each watch delivers on a virtual thread of its own and ends its
 * life through {@link #ended}.
 *
 * <p><b>Pacing.</b> A watch writes one message at a time and waits until it is on the socket
 * before taking the next, so the backlog toward a slow peer collects in the watch's bounded queue,
 * where progress events replace each other. A watch whose queue overflows (custom events faster
 * than the peer reads) ends TOO_SLOW and is started again after the last event it wrote: the
 * task's log, bounded by the store, replays what the queue could not hold.
 */
final class TaskSocketSession {
  private static final Logger log = LoggerFactory.getLogger(TaskSocket.class);
  /** How long unwatching waits for the watch's last message to be written before answering. */
  private static final Duration UNWATCH_WAIT = Duration.ofSeconds(5);
  /** How long a watch waits before retrying a message a DROP slow-peer policy refused. */
  private static final long DROP_RETRY_MS = 50;

  private final Tasks tasks;
  private final WebSocket ws;
  private final WatchOptions watchOptions;
  private final int maxWatches;
  private final TaskScope scope = TaskScope.open();
  private final Map<String, Feed> watches = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this

  TaskSocketSession(Tasks tasks, WebSocket ws, WatchOptions watchOptions, int maxWatches) {
    this.tasks = tasks;
    this.ws = ws;
    this.watchOptions = watchOptions;
    this.maxWatches = maxWatches;
  }

  // ---- requests: called one at a time, on the connection's callback thread ----

  void start(String kind, byte[] args, boolean bound, String ref) {
    synchronized (this) {
      if (watches.size() >= maxWatches) {
        throw new Refusal(429, "This socket already watches " + maxWatches + " tasks, its limit; unwatch one first", null);
      }
    }
    if (tasks.kind(kind).isEmpty()) {
      throw new Refusal(404, "No task kind '" + kind + "'", null);
    }
    Task task;
    try {
      task = tasks.startJson(kind, args, bound ? StartOptions.defaults().owner(scope) : StartOptions.defaults());
    } catch (IllegalArgumentException e) {
      throw new Refusal(400, e.getMessage(), null);
    } catch (TaskRejectedException e) {
      throw new Refusal(e.reason() == TaskRejectedException.Reason.CLOSED ? 503 : 429, e.getMessage(), null);
    } catch (IllegalStateException ownerClosed) {
      throw new Refusal(503, "The socket is closing; the task was not started", null);
    }
    TaskInfo info = tasks.store().get(task.id()).orElse(null); // null only if retention forgot it already
    send(TaskSocketMessages.started(task.id(), info, bound, ref));
    watch(task, 0, null, Announce.NEVER); // every event, from the first: none was sent before
  }

  void watch(String id, long after, String ref) {
    Task task = tasks.get(id).orElseThrow(() -> new Refusal(404, "No task '" + id + "'", id));
    Feed old;
    synchronized (this) {
      old = watches.remove(id);
      if (old == null && watches.size() >= maxWatches) {
        throw new Refusal(429, "This socket already watches " + maxWatches + " tasks, its limit; unwatch one first", id);
      }
    }
    if (old != null) {
      old.closeAndWait(); // its last message goes out before the new watch's first
    }
    watch(task, after, ref, Announce.ALWAYS);
  }

  void unwatch(String id, String ref) {
    Feed feed;
    synchronized (this) {
      feed = watches.remove(id);
    }
    if (feed != null) {
      feed.closeAndWait(); // nothing of this task follows the answer
    }
    send(TaskSocketMessages.ack("unwatched", id, ref));
  }

  void cancel(String id, String ref) {
    TaskInfo info = tasks.store().get(id).orElseThrow(() -> new Refusal(404, "No task '" + id + "'", id));
    if (info.isFinished()) {
      throw new Refusal(409, "Task " + id + " has already finished: " + info.state().wireName(), id);
    }
    // answered first, so the reply comes before the final event; should the task finish on its
    // own meanwhile, its final event (succeeded, failed) still follows the reply
    send(TaskSocketMessages.ack("cancelling", id, ref));
    tasks.get(id).ifPresent(Task::cancel);
  }

  /** The connection closed: every watch ends, every bound task is cancelled. */
  void close() {
    List<Feed> open;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(watches.values());
      watches.clear();
    }
    for (Feed feed : open) {
      feed.watch.close();
    }
    scope.close();
  }

  /** How many tasks this connection watches. */
  synchronized int watchCount() {
    return watches.size();
  }

  // ---- watches ----

  /**
   * Registers a watch of {@code task} after {@code after}. When announced, the reply
   * {@code watching} goes out first: the watch delivers nothing until its gate opens, after that.
   * Runs under this session's lock, as does every change to the watches, so a request and a
   * resumed watch can't both register one for a task. Nothing here blocks: sends only queue.
   */
  private synchronized void watch(Task task, long after, String ref, Announce announce) {
    if (closed) {
      return;
    }
    Feed feed = new Feed(task.id(), after);
    try {
      feed.watch = task.watch(after, watchOptions, feed::deliver);
    } catch (NoSuchElementException forgotten) {
      throw new Refusal(404, "No task '" + task.id() + "'", task.id());
    }
    watches.put(task.id(), feed);
    TaskWatch.Resume resume = feed.watch.resume();
    if (announce == Announce.ALWAYS || announce == Announce.IF_NOT_COMPLETE && resume != TaskWatch.Resume.COMPLETE) {
      send(TaskSocketMessages.watching(task.id(), tasks.store().get(task.id()).orElse(null), resume, ref));
    }
    feed.gate.countDown();
    feed.watch.whenEnded().thenAccept(end -> ended(feed, end));
  }

  /**
   * A watch ended. TOO_SLOW starts it again after the last event it wrote (announcing it with
   * {@code watching} when the log dropped events meanwhile); STORE_CLOSED (shutdown) is told to
   * the client as an error 503, since the final event may not have reached it; any other end just
   * removes it.
   */
  private synchronized void ended(Feed feed, TaskWatch.End end) {
    if (watches.get(feed.taskId) != feed) {
      return; // unwatched, replaced, or the socket closed
    }
    watches.remove(feed.taskId);
    if (end == TaskWatch.End.STORE_CLOSED) {
      send(TaskSocketMessages.error(503, "The task manager has shut down; task " + feed.taskId + " can't be watched any more",
          feed.taskId, null));
    } else if (end == TaskWatch.End.TOO_SLOW) {
      try {
        Task task = tasks.get(feed.taskId).orElseThrow(() -> new Refusal(404, "Task " + feed.taskId + " is no longer kept", feed.taskId));
        watch(task, feed.written, null, Announce.IF_NOT_COMPLETE);
      } catch (Refusal gone) {
        send(TaskSocketMessages.error(gone.code, gone.getMessage(), gone.taskId, null));
      }
    }
  }

  private void send(String text) {
    ws.send(text);
  }

  /** Writes {@code text} and waits until it is on the socket; false once the connection is gone. */
  private boolean sendPaced(String text) {
    for (;;) {
      try {
        ws.send(text).toCompletableFuture().get();
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SlowPeerException && ws.isOpen()) {
          sleep(DROP_RETRY_MS); // a DROP policy refused it: the peer still has not read, try again
          continue;
        }
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Feed is one task watched by this connection: the watch and the last event id written. */
  private final class Feed {
    final String taskId;
    final CountDownLatch gate = new CountDownLatch(1);
    volatile TaskWatch watch;
    volatile long written;

    Feed(String taskId, long after) {
      this.taskId = taskId;
      this.written = after;
    }

    void deliver(TaskEvent e) {
      try {
        gate.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
      if (sendPaced(TaskSocketMessages.event(taskId, e, ws.json()))) {
        written = e.id();
      } else {
        watch.close();
      }
    }

    void closeAndWait() {
      watch.close();
      try {
        watch.whenEnded().toCompletableFuture().get(UNWATCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stuck) {
        log.debug("The watch of task {} is still writing to a stalled peer; answering without it", taskId);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException impossible) {
        throw new AssertionError(impossible);
      }
    }
  }

  /** Refusal is a request this connection refuses: answered with an error message, code as in HTTP. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;
    final String taskId;

    Refusal(int code, String message, String taskId) {
      super(message, null, false, false);
      this.code = code;
      this.taskId = taskId;
    }
  }

  /** When a new watch tells the client with a {@code watching} message. */
  private enum Announce {
    ALWAYS,
    NEVER,
    /** Only when its first events do not follow on from where it starts (a gap, an unknown id). */
    IF_NOT_COMPLETE
  }
}
