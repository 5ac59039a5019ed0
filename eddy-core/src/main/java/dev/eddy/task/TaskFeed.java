package dev.eddy.task;

import dev.eddy.sse.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TaskFeed is the store-wide event stream behind {@code GET <api>/events}: what a dashboard
 * needs to show many tasks live over one connection.
 *
 * <pre>
 *   event: snapshot   data: {"now", "limit", "tasks": [newest first, at most limit]}
 *   event: changes    data: {"now", "tasks": [the latest of each task changed], "forgotten": [ids]}
 *   event: changes    ...
 * </pre>
 *
 * <p><b>One listener, shared batches.</b> The feed registers one {@link TaskListener} with the
 * store while it has clients. Changes go into one pending map keyed by task id that keeps the
 * newest snapshot of each (by {@link TaskInfo#lastEventId()}), so a task reporting progress a
 * million times between two flushes costs one entry. A flush runs at most once per
 * {@code interval}, takes at most {@link #MAX_BATCH} tasks (the rest wait their turn, in the order
 * they first changed), encodes them once and sends the same text to every client. Custom events
 * change nothing the feed shows and are skipped.
 *
 * <p><b>No resume, a fresh snapshot instead.</b> Each connection starts with a snapshot of the
 * newest tasks and carries no event ids: what a dashboard shows is the latest state of each task,
 * which a snapshot gives whole, so replaying missed changes would only send older states of the
 * same tasks. A client that reconnects (or was cut off for falling behind its SSE byte bound) gets
 * a new snapshot and is right again.
 *
 * <p><b>Joining without a gap.</b> A client is first added as joining, then the snapshot is read
 * (outside every lock, so task bodies never wait for it), then, under the lock that orders sends,
 * it gets the snapshot and whatever batches flushed meanwhile, and becomes live. A change
 * recorded after the snapshot read is in one of those batches or a later one; a change the
 * snapshot already holds may come again, older or equal, and clients keep the snapshot with the
 * higher {@code lastEventId}.
 *
 * <p><b>Bounds.</b> The pending map and each joining client's buffer hold at most one entry per
 * task the store keeps; each event at most {@link #MAX_BATCH} tasks, whose messages are cut to
 * {@link #MAX_TEXT} characters (results are never sent: {@code GET <api>/:id} has them); each
 * client's unsent bytes are bounded by its SSE options, past which it is disconnected and comes
 * back with a snapshot.
 *
 * <p>Lock order: {@code sendLock}, then {@code lock}. The store calls the listener with neither.
 */
final class TaskFeed implements TaskListener {
  /** The most tasks in one event; a larger burst of changes goes out over several flushes. */
  static final int MAX_BATCH = 1000;
  /** The longest progress or error message sent, in characters; longer ones are cut. */
  static final int MAX_TEXT = 500;

  private final Tasks tasks;
  private final Duration interval;
  private final Object lock = new Object();
  private final Object sendLock = new Object();
  private final Batch pending = new Batch(); // guarded by lock
  private final Set<SseClient> live = new HashSet<>(); // guarded by lock
  private final Map<SseClient, Batch> joining = new HashMap<>(); // guarded by lock
  private TaskListener.Registration registration; // guarded by lock; null while no client
  private boolean flushScheduled; // guarded by lock

  TaskFeed(Tasks tasks, Duration interval) {
    this.tasks = tasks;
    this.interval = interval;
  }

  /**
   * Streams the feed to {@code client}: the snapshot of the newest {@code limit} tasks, then
   * batches of changes, until the client goes or the manager closes (which closes the client).
   * A client that joins a closed manager is closed at once.
   */
  void join(SseClient client, int limit) {
    synchronized (lock) {
      if (registration == null) {
        try {
          registration = tasks.listen(this);
        } catch (IllegalStateException closed) {
          client.close();
          return;
        }
      }
      joining.put(client, new Batch());
    }
    client.onClose(() -> leave(client));
    String snapshot = snapshot(tasks.list(TaskQuery.all().limit(limit)).tasks(), limit);
    synchronized (sendLock) {
      Batch missed;
      synchronized (lock) {
        missed = joining.remove(client);
        if (missed == null) {
          return; // it left, or the manager closed, while the snapshot was read
        }
        live.add(client);
      }
      client.send("snapshot", snapshot);
      while (!missed.isEmpty()) {
        client.send("changes", missed.take(MAX_BATCH).toJson(now()));
      }
    }
  }

  @Override
  public void changed(TaskInfo task, TaskEvent event) {
    if (!event.isStateChange() && !event.isProgress()) {
      return;
    }
    synchronized (lock) {
      if (registration != null) {
        pending.changed(task);
        scheduleLocked();
      }
    }
  }

  @Override
  public void forgotten(String taskId) {
    synchronized (lock) {
      if (registration != null) {
        pending.forgotten(taskId);
        scheduleLocked();
      }
    }
  }

  @Override
  public void closed() {
    List<SseClient> clients;
    synchronized (lock) {
      clients = new ArrayList<>(live);
      clients.addAll(joining.keySet());
      live.clear();
      joining.clear();
      pending.clear();
      registration = null;
    }
    clients.forEach(SseClient::close);
  }

  private void leave(SseClient client) {
    synchronized (lock) {
      live.remove(client);
      joining.remove(client);
      if (live.isEmpty() && joining.isEmpty() && registration != null) {
        registration.close();
        registration = null;
        pending.clear();
      }
    }
  }

  private void scheduleLocked() {
    if (!flushScheduled) {
      flushScheduled = true;
      Thread.ofVirtual().name("eddy-task-feed").start(this::flushLater);
    }
  }

  private void flushLater() {
    try {
      Thread.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts this thread; flush at once if it happens
    }
    flush();
  }

  private void flush() {
    synchronized (sendLock) {
      Batch batch;
      List<SseClient> targets;
      synchronized (lock) {
        flushScheduled = false;
        batch = pending.take(MAX_BATCH);
        if (!pending.isEmpty()) {
          scheduleLocked();
        }
        for (Batch buffer : joining.values()) {
          buffer.addAll(batch);
        }
        targets = new ArrayList<>(live);
      }
      if (batch.isEmpty() || targets.isEmpty()) {
        return;
      }
      String json = batch.toJson(now());
      for (SseClient client : targets) {
        client.send("changes", json);
      }
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The snapshot event's data: the newest tasks, newest first. */
  static String snapshot(List<TaskInfo> tasks, int limit) {
    StringBuilder out = new StringBuilder(64 + 256 * tasks.size()).append('{');
    JsonText.string(JsonText.field(out, "now"), now().toString());
    JsonText.field(out, "limit").append(limit);
    JsonText.field(out, "tasks").append('[');
    for (int i = 0; i < tasks.size(); i++) {
      summary(i == 0 ? out : out.append(','), tasks.get(i));
    }
    return out.append("]}").toString();
  }

  /**
   * A task as the feed sends it: {@link TaskInfo#toJson()} without the result, with messages cut
   * to {@link #MAX_TEXT} characters.
   */
  static StringBuilder summary(StringBuilder out, TaskInfo t) {
    out.append('{');
    JsonText.string(JsonText.field(out, "id"), t.id());
    JsonText.string(JsonText.field(out, "kind"), t.kind());
    JsonText.string(JsonText.field(out, "state"), t.state().wireName());
    JsonText.field(out, "value").append(t.value());
    JsonText.field(out, "total").append(t.total());
    JsonText.string(JsonText.field(out, "message"), cut(t.message()));
    JsonText.string(JsonText.field(out, "createdAt"), t.createdAt().toString());
    JsonText.string(JsonText.field(out, "startedAt"), t.startedAt() == null ? null : t.startedAt().toString());
    JsonText.string(JsonText.field(out, "endedAt"), t.endedAt() == null ? null : t.endedAt().toString());
    JsonText.field(out, "lastEventId").append(t.lastEventId());
    if (t.error() != null) {
      JsonText.field(out, "error").append('{');
      JsonText.string(JsonText.field(out, "code"), cut(t.error().code()));
      JsonText.string(JsonText.field(out, "message"), cut(t.error().message()));
      out.append('}');
    }
    return out.append('}');
  }

  /** {@code s} cut to at most {@link #MAX_TEXT} characters (never inside a surrogate pair), with an ellipsis. */
  static String cut(String s) {
    if (s == null || s.length() <= MAX_TEXT) {
      return s;
    }
    int end = MAX_TEXT - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "\u2026";
  }

  /**
   * Batch is a set of changes not yet sent: the newest snapshot of each task changed, in the order
   * the tasks first changed, and the ids of tasks forgotten. Not thread-safe.
   */
  private static final class Batch {
    private final LinkedHashMap<String, TaskInfo> changed = new LinkedHashMap<>();
    private final LinkedHashSet<String> forgotten = new LinkedHashSet<>();

    void changed(TaskInfo task) {
      TaskInfo known = changed.get(task.id());
      if (known == null || task.lastEventId() > known.lastEventId()) {
        changed.put(task.id(), task); // an existing key keeps its place: no task waits behind a busy one
      }
    }

    void forgotten(String id) {
      changed.remove(id);
      forgotten.add(id);
    }

    void addAll(Batch other) {
      other.changed.values().forEach(this::changed);
      other.forgotten.forEach(this::forgotten);
    }

    boolean isEmpty() {
      return changed.isEmpty() && forgotten.isEmpty();
    }

    void clear() {
      changed.clear();
      forgotten.clear();
    }

    /** Removes and returns at most {@code max} changes and {@code max} forgotten ids, oldest first. */
    Batch take(int max) {
      Batch out = new Batch();
      for (Iterator<TaskInfo> it = changed.values().iterator(); it.hasNext() && out.changed.size() < max; ) {
        TaskInfo t = it.next();
        it.remove();
        out.changed.put(t.id(), t);
      }
      for (Iterator<String> it = forgotten.iterator(); it.hasNext() && out.forgotten.size() < max; ) {
        out.forgotten.add(it.next());
        it.remove();
      }
      return out;
    }

    String toJson(Instant now) {
      StringBuilder out = new StringBuilder(64 + 256 * changed.size() + 24 * forgotten.size()).append('{');
      JsonText.string(JsonText.field(out, "now"), now.toString());
      JsonText.field(out, "tasks").append('[');
      boolean first = true;
      for (TaskInfo t : changed.values()) {
        summary(first ? out : out.append(','), t);
        first = false;
      }
      JsonText.field(out.append(']'), "forgotten").append('[');
      first = true;
      for (String id : forgotten) {
        JsonText.string(first ? out : out.append(','), id);
        first = false;
      }
      return out.append("]}").toString();
    }
  }
}
