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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * million times between two flushes costs one entry; a task body pays a map update and takes no
 * lock. A flush runs at most once per {@code interval}, takes tasks in the order they first
 * changed until its text reaches {@link #MAX_BATCH_CHARS} (the rest wait for the next flush, so
 * every task gets its turn), encodes them once and sends the same text to every client. Custom
 * events change nothing the feed shows and are skipped.
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
 * <p><b>Missed changes.</b> A store shared over a network reports with
 * {@link TaskListener#missed()} when changes may have been lost (Redis was unreachable). Then every
 * client joins again on its open stream: it is put back among the joining, gets a fresh
 * {@code snapshot} event and the changes made since, so the page is right again without
 * reconnecting. A client whose own snapshot was read across such a report is resynced once more.
 *
 * <p><b>Bounds.</b> The pending map and each joining client's buffer hold at most one entry per
 * task the store keeps. Tasks are sent without their result ({@code GET <api>/:id} has it) and
 * with messages cut to {@link #MAX_TEXT} characters; a snapshot stops at {@link #MAX_SNAPSHOT_CHARS}
 * of text (about 2,000 tasks with short messages, so {@code limit} tasks unless their messages are
 * long), a batch at {@link #MAX_BATCH_CHARS}, and forgotten ids at {@link #MAX_FORGOTTEN} a batch.
 * Each client's unsent bytes are bounded by its SSE options ({@link #MIN_QUEUED_BYTES} at least,
 * room for a snapshot and a batch in any script), past which it is disconnected and comes back
 * with a snapshot.
 *
 * <p>Lock order: {@code sendLock}, then {@code lock}. Task bodies (the store's calls to the
 * listener) take neither.
 */
final class TaskFeed implements TaskListener {
  /** The most text of one batch; a larger burst of changes goes out over several flushes. */
  static final int MAX_BATCH_CHARS = 256 * 1024;
  /** The most text of a snapshot; beyond it the oldest tasks of the snapshot are left out. */
  static final int MAX_SNAPSHOT_CHARS = 512 * 1024;
  /** The most ids of forgotten tasks in one batch. */
  static final int MAX_FORGOTTEN = 1000;
  /** The longest progress or error message sent, in characters; longer ones are cut. */
  static final int MAX_TEXT = 500;
  /** The least a feed client may have queued before it is cut off: a snapshot and a batch, at 3 bytes a character. */
  static final long MIN_QUEUED_BYTES = 3L * (MAX_SNAPSHOT_CHARS + MAX_BATCH_CHARS) + 64 * 1024;

  private final Tasks tasks;
  private final Duration interval;
  private final Pending pending = new Pending();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final Object lock = new Object();
  private final Object sendLock = new Object();
  private final Set<SseClient> live = new HashSet<>(); // guarded by lock
  private final Map<SseClient, Batch> joining = new HashMap<>(); // guarded by lock
  private final Map<SseClient, Integer> limits = new HashMap<>(); // guarded by lock: each client's snapshot size
  private final AtomicInteger resyncs = new AtomicInteger(); // resyncs asked for and not yet served
  private final AtomicLong missedEpoch = new AtomicLong(); // how many times the store reported missed changes
  private volatile TaskListener.Registration registration; // written under lock; null while no client

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
        } catch (RuntimeException closedOrUnreachable) { // closed, or a shared store that can't be reached
          client.close();
          return;
        }
      }
      joining.put(client, new Batch());
      limits.put(client, limit);
    }
    client.onClose(() -> leave(client));
    long epoch = missedEpoch.get();
    String snapshot;
    try {
      snapshot = snapshot(tasks.list(TaskQuery.all().limit(limit)).tasks(), limit, now());
    } catch (RuntimeException unreachable) {
      client.close(); // it reconnects, with backoff, for a snapshot
      throw unreachable;
    }
    goLive(client, snapshot, epoch);
  }

  /**
   * Sends a joining client its snapshot and the changes made since it joined; then it is live. A
   * snapshot read while the store reported missed changes (the epoch moved) may be stale, so the
   * client is resynced once more.
   */
  private void goLive(SseClient client, String snapshot, long epoch) {
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
        client.send("changes", missed.take(now()).json());
      }
    }
    if (missedEpoch.get() != epoch) {
      requestResync();
    }
  }

  /**
   * The store lost track of some changes (a shared store's outage): every client gets a fresh
   * snapshot on its stream, as a joining one does, from a thread of the feed's own; missed calls
   * that come while one runs are served by one more.
   */
  @Override
  public void missed() {
    missedEpoch.incrementAndGet();
    requestResync();
  }

  private void requestResync() {
    if (registration != null && resyncs.getAndIncrement() == 0) {
      Thread.ofVirtual().name("eddy-task-feed-resync").start(this::resyncAll);
    }
  }

  private void resyncAll() {
    int served;
    do {
      served = resyncs.get();
      resync();
    } while (resyncs.addAndGet(-served) > 0);
  }

  private void resync() {
    long epoch = missedEpoch.get();
    Map<SseClient, Integer> clients = new HashMap<>();
    synchronized (lock) {
      for (SseClient client : live) {
        joining.put(client, new Batch()); // changes from here on are kept for it, as for a new client
        clients.put(client, limits.get(client));
      }
      live.clear();
    }
    Map<Integer, String> snapshots = new HashMap<>();
    for (Map.Entry<SseClient, Integer> e : clients.entrySet()) {
      String snapshot;
      try {
        snapshot = snapshots.computeIfAbsent(e.getValue(),
            limit -> snapshot(tasks.list(TaskQuery.all().limit(limit)).tasks(), limit, now()));
      } catch (RuntimeException unreachable) {
        e.getKey().close(); // it reconnects, with backoff, for a snapshot
        continue;
      }
      goLive(e.getKey(), snapshot, epoch);
    }
  }

  @Override
  public void changed(TaskInfo task, TaskEvent event) {
    if (registration != null && (event.isStateChange() || event.isProgress())) { // custom events change nothing shown
      pending.changed(task);
      schedule();
    }
  }

  @Override
  public void forgotten(String taskId) {
    if (registration != null) {
      pending.forgotten(taskId);
      schedule();
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
      limits.clear();
      registration = null;
      pending.clear();
    }
    clients.forEach(SseClient::close);
  }

  private void leave(SseClient client) {
    synchronized (lock) {
      live.remove(client);
      joining.remove(client);
      limits.remove(client);
      if (live.isEmpty() && joining.isEmpty() && registration != null) {
        registration.close();
        registration = null;
        pending.clear();
      }
    }
  }

  private void schedule() {
    if (flushScheduled.compareAndSet(false, true)) {
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
      flushScheduled.set(false); // changes from here on schedule the next flush
      Taken taken = pending.take(now());
      if (taken == null) {
        return;
      }
      if (!pending.isEmpty()) {
        schedule(); // what the budget left for the next flush
      }
      List<SseClient> targets;
      synchronized (lock) {
        for (Batch buffer : joining.values()) {
          buffer.addAll(taken.batch());
        }
        targets = new ArrayList<>(live);
      }
      for (SseClient client : targets) {
        client.send("changes", taken.json());
      }
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The snapshot event's data: the newest tasks, newest first, until {@link #MAX_SNAPSHOT_CHARS}. */
  static String snapshot(List<TaskInfo> tasks, int limit, Instant now) {
    StringBuilder out = new StringBuilder(64 + 256 * tasks.size()).append('{');
    JsonText.string(JsonText.field(out, "now"), now.toString());
    JsonText.field(out, "limit").append(limit);
    JsonText.field(out, "tasks").append('[');
    for (int i = 0; i < tasks.size() && out.length() < MAX_SNAPSHOT_CHARS; i++) {
      int mark = out.length();
      summary(i == 0 ? out : out.append(','), tasks.get(i));
      if (out.length() > MAX_SNAPSHOT_CHARS && i > 0) {
        out.setLength(mark); // this one would pass the bound: the snapshot ends before it
        break;
      }
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

  /** Taken is a batch removed from pending changes, and its event's text. */
  private record Taken(Batch batch, String json) {}

  /**
   * BatchText writes one {@code changes} event: tasks until the text reaches
   * {@link #MAX_BATCH_CHARS} (one at least), then up to {@link #MAX_FORGOTTEN} forgotten ids.
   */
  private static final class BatchText {
    private final StringBuilder out = new StringBuilder(4096).append('{');
    private final Batch batch = new Batch();
    private final int start;

    BatchText(Instant now) {
      JsonText.string(JsonText.field(out, "now"), now.toString());
      JsonText.field(out, "tasks").append('[');
      start = out.length();
    }

    boolean full() {
      return out.length() - start >= MAX_BATCH_CHARS;
    }

    boolean has(String id) {
      return batch.changed.containsKey(id);
    }

    void task(TaskInfo t) {
      batch.changed.put(t.id(), t);
      summary(batch.changed.size() == 1 ? out : out.append(','), t);
    }

    Taken finish(Iterator<String> forgotten) {
      JsonText.field(out.append(']'), "forgotten").append('[');
      while (forgotten.hasNext() && batch.forgotten.size() < MAX_FORGOTTEN) {
        String id = forgotten.next();
        forgotten.remove();
        JsonText.string(batch.forgotten.isEmpty() ? out : out.append(','), id);
        batch.forgotten.add(id);
      }
      return new Taken(batch, out.append("]}").toString());
    }
  }

  /**
   * Pending is the feed's changes not yet sent, filled by task bodies without a lock: the newest
   * snapshot of each task changed, ids in the order they first changed (each task once, until a
   * flush takes it), and the ids of tasks forgotten. Only the flush takes from it.
   */
  private static final class Pending {
    private final ConcurrentHashMap<String, TaskInfo> latest = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> forgotten = new ConcurrentLinkedQueue<>();

    void changed(TaskInfo task) {
      boolean[] added = new boolean[1];
      latest.compute(task.id(), (id, known) -> {
        added[0] = known == null;
        return known == null || task.lastEventId() > known.lastEventId() ? task : known;
      });
      if (added[0]) {
        order.add(task.id());
      }
    }

    void forgotten(String id) {
      latest.remove(id); // its id stays in order; the flush skips it
      forgotten.add(id);
    }

    boolean isEmpty() {
      return latest.isEmpty() && forgotten.isEmpty();
    }

    void clear() {
      latest.clear();
      order.clear();
      forgotten.clear();
    }

    /** Takes the next batch (see {@link BatchText}); null if nothing is pending. */
    Taken take(Instant now) {
      if (isEmpty()) {
        return null; // order may still hold ids of forgotten tasks: a later take skips them
      }
      BatchText text = new BatchText(now);
      while (!text.full()) {
        String id = order.poll();
        if (id == null) {
          break;
        }
        TaskInfo t = latest.remove(id); // a change after this re-adds the id at the back
        if (t == null) {
          continue; // forgotten, or already taken
        }
        if (text.has(id)) { // it changed again since this flush took it: that is for the next one
          changed(t);
          break;
        }
        text.task(t);
      }
      return text.finish(forgotten.iterator());
    }
  }

  /**
   * Batch is a set of changes not yet sent to one joining client: the newest snapshot of each
   * task changed, in the order the tasks first changed, and the ids of tasks forgotten. Not
   * thread-safe: guarded by the feed's lock, or owned by one thread.
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

    void addAll(Batch other) {
      other.changed.values().forEach(this::changed);
      for (String id : other.forgotten) {
        changed.remove(id);
        forgotten.add(id);
      }
    }

    boolean isEmpty() {
      return changed.isEmpty() && forgotten.isEmpty();
    }

    /** Removes and returns the next event's worth (see {@link BatchText}). */
    Taken take(Instant now) {
      BatchText text = new BatchText(now);
      for (Iterator<TaskInfo> it = changed.values().iterator(); it.hasNext() && !text.full(); ) {
        text.task(it.next());
        it.remove();
      }
      return text.finish(forgotten.iterator());
    }
  }
}
