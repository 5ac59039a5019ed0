package dev.eddy.task;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Router;
import dev.eddy.internal.app.Exchange;
import dev.eddy.sse.SseOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** TaskRoutes are the handlers behind {@link TaskApi#router}. They run on virtual threads. */
final class TaskRoutes {
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(1);
  /** How often the store-wide feed sends a batch of changes, at most. */
  static final Duration FEED_INTERVAL = Duration.ofMillis(100);

  private final Tasks tasks;
  private final SseOptions sse;
  private final TaskFeed feed;
  private final SseOptions feedSse;

  TaskRoutes(Tasks tasks, SseOptions sse) {
    this.tasks = tasks;
    this.sse = sse;
    this.feed = new TaskFeed(tasks, FEED_INTERVAL);
    // the feed's clients need room for a snapshot and a batch, whatever bound suits one task's stream
    this.feedSse = sse.maxQueuedBytes(Math.max(sse.maxQueuedBytes(), TaskFeed.MIN_QUEUED_BYTES));
  }

  Router router() {
    return new Router()
        .get("/", this::list)
        .get("/events", this::feed)
        .post("/:kind", this::start)
        .get("/:id", this::show)
        .delete("/:id", this::cancel)
        .get("/:id/events", this::events);
  }

  private void start(Context ctx) {
    String kind = ctx.param("kind");
    if (tasks.kind(kind).isEmpty()) {
      throw new HttpException(404, "No task kind '" + kind + "'");
    }
    byte[] body = ctx.body();
    if (body.length > 0 && !isJson(ctx.header("Content-Type"))) {
      String ct = ctx.header("Content-Type");
      throw new HttpException(415, "Expected Content-Type application/json, got " + (ct == null ? "none" : "'" + ct + "'"));
    }
    Task task;
    try {
      task = tasks.startJson(kind, body, StartOptions.defaults());
    } catch (IllegalArgumentException e) {
      throw new HttpException(400, e.getMessage());
    } catch (TaskRejectedException e) {
      if (e.reason() == TaskRejectedException.Reason.CLOSED) {
        throw new HttpException(503, e.getMessage());
      }
      ctx.header("Retry-After", "1");
      throw new HttpException(429, e.getMessage());
    }
    String path = ctx.path();
    ctx.status(202).header("Location", path.substring(0, path.lastIndexOf('/') + 1) + task.id());
    json(ctx, tasks.store().get(task.id()).map(TaskInfo::toJson)
        .orElse("{\"id\":\"" + task.id() + "\",\"kind\":\"" + kind + "\"}")); // only if retention already forgot it
  }

  private void list(Context ctx) {
    TaskQuery query = TaskQuery.all();
    String kind = ctx.query("kind");
    if (kind != null && !kind.isEmpty()) {
      query = query.kind(kind);
    }
    Set<TaskState> states = EnumSet.noneOf(TaskState.class);
    for (String value : ctx.queries("state")) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          states.add(parse(() -> TaskState.parse(name.strip())));
        }
      }
    }
    query = query.states(states);
    String limit = ctx.query("limit");
    if (limit != null) {
      int n = parse(() -> Integer.parseInt(limit), "limit must be a number from 1 to " + TaskQuery.MAX_LIMIT + ", got '" + limit + "'");
      TaskQuery q = query;
      query = parse(() -> q.limit(n));
    }
    String cursor = ctx.query("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      query = query.cursor(cursor);
    }
    TaskQuery q = query;
    TaskPage page = parse(() -> tasks.list(q));
    StringBuilder out = new StringBuilder(256 * page.tasks().size() + 32).append("{\"tasks\":[");
    List<TaskInfo> list = page.tasks();
    for (int i = 0; i < list.size(); i++) {
      out.append(i == 0 ? "" : ",").append(list.get(i).toJson());
    }
    out.append("],\"next\":");
    JsonText.string(out, page.next());
    json(ctx, out.append('}').toString());
  }

  private void show(Context ctx) {
    String id = ctx.param("id");
    json(ctx, tasks.store().get(id).orElseThrow(() -> new HttpException(404, "No task '" + id + "'")).toJson());
  }

  private void cancel(Context ctx) throws InterruptedException {
    Task task = find(ctx);
    if (!task.cancel()) {
      throw new HttpException(409, "Task " + task.id() + " has already finished: " + task.state().wireName());
    }
    try {
      TaskInfo done = task.await(CANCEL_WAIT);
      json(ctx, done.toJson());
    } catch (TimeoutException stillStopping) {
      ctx.status(202);
      json(ctx, task.info().toJson());
    }
  }

  private void events(Context ctx) {
    Task task = find(ctx);
    String header = ctx.header("Last-Event-ID");
    long after = eventId(header != null ? header : ctx.query("lastEventId"), -1);
    TaskInfo info = tasks.store().get(task.id())
        .orElseThrow(() -> new HttpException(404, "No task '" + task.id() + "'")); // forgotten just now
    if (info.isFinished() && after >= info.lastEventId()) {
      ctx.status(204); // seen it all: a 204 stops an EventSource from reconnecting
      return;
    }
    TaskApi.stream(task, ((Exchange) ctx).openEventStream(sse));
  }

  private void feed(Context ctx) {
    String limit = ctx.query("limit");
    TaskQuery query = TaskQuery.all();
    if (limit != null) {
      int n = parse(() -> Integer.parseInt(limit), "limit must be a number from 1 to " + TaskQuery.MAX_LIMIT + ", got '" + limit + "'");
      query = parse(() -> TaskQuery.all().limit(n));
    }
    if (tasks.isClosed()) {
      throw new HttpException(503, "The task manager is closed");
    }
    feed.join(((Exchange) ctx).openEventStream(feedSse), query.limit());
  }

  private Task find(Context ctx) {
    String id = ctx.param("id");
    return tasks.get(id).orElseThrow(() -> new HttpException(404, "No task '" + id + "'"));
  }

  /**
   * Parses an SSE event id. Null or empty gives 0. A malformed one gives {@code orElse}, or a 400
   * when {@code orElse} is negative.
   */
  static long eventId(String value, long orElse) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      long id = Long.parseLong(value.strip());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // below
    }
    if (orElse >= 0) {
      return orElse;
    }
    throw new HttpException(400, "Last-Event-ID must be an event id (a non-negative integer), got '" + value + "'");
  }

  private static void json(Context ctx, String json) {
    ctx.bytes(json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    return mime.equals("application/json") || mime.startsWith("application/") && mime.endsWith("+json");
  }

  private interface Parse<T> {
    T get();
  }

  /** Runs a parse step, turning an IllegalArgumentException into a 400 with its message. */
  private static <T> T parse(Parse<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new HttpException(400, e.getMessage());
    }
  }

  private static <T> T parse(Parse<T> step, String message) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new HttpException(400, message);
    }
  }
}
