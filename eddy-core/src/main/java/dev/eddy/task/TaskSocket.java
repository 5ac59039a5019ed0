package dev.eddy.task;

import dev.eddy.ws.TypedHandler;
import dev.eddy.ws.WebSocket;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TaskSocket is the WebSocket face of {@link Tasks}: start, cancel and watch tasks over one
 * connection with typed JSON messages, mounted with one line.
 *
 * <pre>{@code
 * app.ws("/api/tasks/ws", TaskSocket.handler(tasks));
 * }</pre>
 *
 * <table>
 *   <caption>Client messages (each may carry a {@code "ref"}, a string or number echoed in the
 *   reply)</caption>
 *   <tr><td>{@code {"type":"start","kind":k,"args":{..},"bound":true}}</td><td>starts a task of
 *       kind {@code k} with {@code args} bound to the kind's argument type (omit them for a
 *       {@code Void} kind); answered with {@code started}, then every event of the task from the
 *       first. {@code bound}
 *       (default true) binds it to this connection: it is cancelled when the connection closes.
 *       {@code false} detaches it: it outlives the connection and any connection can watch it by
 *       id</td></tr>
 *   <tr><td>{@code {"type":"watch","id":id,"after":n}}</td><td>answered with {@code watching},
 *       then the task's retained events after event {@code n} (default 0: all of them), then live
 *       ones, with no gap and no duplicate between the two; watching a task already watched starts
 *       over from {@code n}</td></tr>
 *   <tr><td>{@code {"type":"unwatch","id":id}}</td><td>stops watching; answered with
 *       {@code unwatched}, after which nothing of that task arrives</td></tr>
 *   <tr><td>{@code {"type":"cancel","id":id}}</td><td>asks the task to stop; answered with
 *       {@code cancelling} first, then watchers see its final event ({@code cancelled}, unless it
 *       ended on its own just before)</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Server messages</caption>
 *   <tr><td>{@code {"type":"ready","kinds":[..]}}</td><td>first, on every connection: the kinds
 *       that can be started. A client re-attaches its tasks when it sees it</td></tr>
 *   <tr><td>{@code {"type":"started","id","bound","task"}}</td><td>the reply to a start;
 *       {@code task} is the task's JSON ({@link TaskInfo#toJson()})</td></tr>
 *   <tr><td>{@code {"type":"watching","id","resume","task"}}</td><td>the reply to a watch;
 *       {@code resume} is {@code complete}, {@code gap} (the log had dropped events after
 *       {@code after}; what it kept follows) or {@code unknown} ({@code after} is beyond the log;
 *       all of it follows)</td></tr>
 *   <tr><td>{@code {"type":"unwatched","id"}}, {@code {"type":"cancelling","id"}}</td><td>the
 *       replies to unwatch and cancel</td></tr>
 *   <tr><td>{@code {"type":"progress","id","eventId","value","total","message"?}}</td><td>progress;
 *       a run of them may arrive as only the latest</td></tr>
 *   <tr><td>{@code {"type":"queued"|"running","id","eventId","task"}}</td><td>state changes</td></tr>
 *   <tr><td>{@code {"type":<custom>,"id","eventId","data"}}</td><td>the task's custom events, by
 *       their type</td></tr>
 *   <tr><td>{@code {"type":"succeeded"|"failed"|"cancelled","id","eventId","result"|"error","task"}}</td>
 *       <td>the final event, the last of the task</td></tr>
 *   <tr><td>{@code {"type":"error","code","error","id"?}}</td><td>a refused request: {@code code}
 *       is the HTTP API's status for it: 400 malformed message or arguments, 404 unknown kind or
 *       task, 409 cancelling a finished task, 429 no room (the kind's queue, the task limit, or
 *       this socket's {@link Builder#maxWatches}), 503 shutting down</td></tr>
 * </table>
 *
 * <p>Only task events carry {@code eventId}: that tells a custom event that happens to be named
 * like a reply ({@code error}, {@code started}) from the reply. Task ids are unguessable, so
 * holding one is what allows watching and cancelling a task, as with the HTTP API.
 *
 * <p><b>Bounds.</b> A connection watches at most {@link Builder#maxWatches} tasks. Each watch
 * writes one event at a time and waits for it to reach the socket, so a slow peer's backlog
 * collects in the watch's bounded queue ({@link Builder#watchOptions}), where progress events
 * replace each other; when custom events overflow it, the watch starts again after the last event
 * it wrote, and the task's bounded log replays the rest (a {@code watching} message with
 * {@code "resume":"gap"} says when the log had dropped some). The WebSocket's own outbound bound
 * ({@link dev.eddy.ws.WebSocketOptions#maxQueuedBytes}) then only holds one event per watch plus
 * replies; should it overflow anyway, the route's {@link dev.eddy.ws.SlowPeerPolicy} applies
 * (under {@code DROP}, a watch retries its refused event rather than skip it).
 *
 * <p><b>Closing</b> the connection ends its watches and cancels its bound tasks; detached tasks
 * run on.
 */
public final class TaskSocket extends TypedHandler {
  private final Tasks tasks;
  private final int maxWatches;
  private final WatchOptions watchOptions;
  private final Map<WebSocket, TaskSocketSession> sessions = new ConcurrentHashMap<>();

  private TaskSocket(Builder b) {
    this.tasks = b.tasks;
    this.maxWatches = b.maxWatches;
    this.watchOptions = b.watchOptions;
    on("start", (ws, m) -> handle(ws, m, (s, ref) -> s.start(kind(m), args(ws, m), bound(m), ref)));
    on("watch", (ws, m) -> handle(ws, m, (s, ref) -> s.watch(id(m), after(m), ref)));
    on("unwatch", (ws, m) -> handle(ws, m, (s, ref) -> s.unwatch(id(m), ref)));
    on("cancel", (ws, m) -> handle(ws, m, (s, ref) -> s.cancel(id(m), ref)));
  }

  /** A handler for {@code tasks} with the defaults of {@link Builder}. */
  public static TaskSocket handler(Tasks tasks) {
    return builder(tasks).build();
  }

  public static Builder builder(Tasks tasks) {
    return new Builder(Objects.requireNonNull(tasks, "tasks"));
  }

  @Override
  public void onOpen(WebSocket ws) {
    sessions.put(ws, new TaskSocketSession(tasks, ws, watchOptions, maxWatches));
    ws.send(TaskSocketMessages.ready(tasks.kinds()));
  }

  @Override
  public void onClose(WebSocket ws, int code, String reason) {
    TaskSocketSession session = sessions.get(ws);
    if (session != null) {
      session.close();
      sessions.remove(ws); // after: once not counted, its watches have left their tasks
    }
  }

  /** Answers a message that is not a JSON object with a known string {@code type}: code 400. */
  @Override
  protected void reject(WebSocket ws, String error) {
    ws.send(TaskSocketMessages.error(400, error, null, null));
  }

  /** How many connections are open. */
  public int connections() {
    return sessions.size();
  }

  /** How many tasks the open connections watch, over all of them. */
  public int watches() {
    int n = 0;
    for (TaskSocketSession s : sessions.values()) {
      n += s.watchCount();
    }
    return n;
  }

  private interface Request {
    void run(TaskSocketSession session, String ref);
  }

  private void handle(WebSocket ws, Map<String, Object> message, Request request) {
    TaskSocketSession session = sessions.get(ws);
    if (session == null) {
      return; // closed meanwhile
    }
    String ref;
    try {
      ref = ref(ws, message);
    } catch (TaskSocketSession.Refusal bad) {
      ws.send(TaskSocketMessages.error(bad.code, bad.getMessage(), bad.taskId, null));
      return;
    }
    try {
      request.run(session, ref);
    } catch (TaskSocketSession.Refusal refused) {
      ws.send(TaskSocketMessages.error(refused.code, refused.getMessage(), refused.taskId, ref));
    }
  }

  // ---- fields, each checked with a message that names it ----

  private static String kind(Map<String, Object> m) {
    if (m.get("kind") instanceof String kind && !kind.isEmpty()) {
      return kind;
    }
    throw bad("\"start\" needs a \"kind\": the name of a task kind");
  }

  private static byte[] args(WebSocket ws, Map<String, Object> m) {
    Object args = m.get("args");
    return args == null ? null : ws.json().encode(args);
  }

  private static boolean bound(Map<String, Object> m) {
    Object bound = m.get("bound");
    if (bound == null) {
      return true;
    }
    if (bound instanceof Boolean b) {
      return b;
    }
    throw bad("\"bound\" must be true or false");
  }

  private static String id(Map<String, Object> m) {
    if (m.get("id") instanceof String id && !id.isEmpty()) {
      return id;
    }
    throw bad("\"" + m.get("type") + "\" needs an \"id\": a task id");
  }

  private static long after(Map<String, Object> m) {
    Object after = m.get("after");
    if (after == null) {
      return 0;
    }
    if ((after instanceof Integer || after instanceof Long) && ((Number) after).longValue() >= 0) {
      return ((Number) after).longValue();
    }
    throw bad("\"after\" must be an event id (a whole number, 0 or more), got " + after);
  }

  /** The request's ref as JSON text, to echo; null without one. */
  private static String ref(WebSocket ws, Map<String, Object> m) {
    Object ref = m.get("ref");
    if (ref == null) {
      return null;
    }
    if (ref instanceof String || ref instanceof Number) {
      return new String(ws.json().encode(ref), java.nio.charset.StandardCharsets.UTF_8);
    }
    throw bad("\"ref\" must be a string or a number");
  }

  private static TaskSocketSession.Refusal bad(String message) {
    return new TaskSocketSession.Refusal(400, message, null);
  }

  /** Builder configures a {@link TaskSocket}; not thread-safe. */
  public static final class Builder {
    private final Tasks tasks;
    private int maxWatches = 64;
    private WatchOptions watchOptions = WatchOptions.defaults();

    private Builder(Tasks tasks) {
      this.tasks = tasks;
    }

    /**
     * The most tasks one connection watches at once (started ones included, until they end or are
     * unwatched); more are refused with code 429. 64 unless set.
     */
    public Builder maxWatches(int maxWatches) {
      if (maxWatches < 1) {
        throw new IllegalArgumentException("maxWatches must be positive, got " + maxWatches);
      }
      this.maxWatches = maxWatches;
      return this;
    }

    /**
     * Each watch's queue: its capacity bounds the custom events waiting for a slow peer; when they
     * overflow it, the watch resumes from the task's log (with {@code DISCONNECT}, the default) or
     * drops the oldest ({@code DROP_OLDEST}). {@link WatchOptions#defaults()} unless set.
     */
    public Builder watchOptions(WatchOptions watchOptions) {
      this.watchOptions = Objects.requireNonNull(watchOptions, "watchOptions");
      return this;
    }

    public TaskSocket build() {
      return new TaskSocket(this);
    }
  }
}
