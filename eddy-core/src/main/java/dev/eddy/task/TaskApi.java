package dev.eddy.task;

import dev.eddy.Router;
import dev.eddy.sse.SseClient;
import dev.eddy.sse.SseOptions;
import java.util.Objects;

/**
 * TaskApi is the HTTP face of {@link Tasks}, mounted with one line under any prefix:
 *
 * <pre>{@code
 * app.use("/api/tasks", TaskApi.router(tasks));
 * }</pre>
 *
 * <table>
 *   <caption>Routes (relative to the prefix)</caption>
 *   <tr><td>{@code POST /:kind}</td><td>starts a task with the JSON body as arguments: 202 with
 *       {@code Location} and the task as JSON ({@link TaskInfo#toJson()}); 404 for an unknown kind,
 *       400 naming what is wrong with the arguments, 415 for a body that is not JSON, 429 when the
 *       kind's queue is full or too many tasks are unfinished, 503 while shutting down</td></tr>
 *   <tr><td>{@code GET /}</td><td>lists tasks, newest first: {@code {"tasks": [...], "next": cursor}};
 *       query {@code kind}, {@code state} (repeated or comma-separated), {@code limit} (1 to 1000,
 *       default 100), {@code cursor} (the previous page's {@code next}); 400 for bad values</td></tr>
 *   <tr><td>{@code GET /:id}</td><td>the task; 404 if unknown or no longer kept</td></tr>
 *   <tr><td>{@code DELETE /:id}</td><td>cancels it: 200 with the task once it has ended (it waits up
 *       to a second), 202 with it if it is still stopping; 409 if it had already finished</td></tr>
 *   <tr><td>{@code GET /:id/events}</td><td>its event log as Server-Sent Events, then live events,
 *       ending after the final one; see {@link #stream}. Resumes after {@code Last-Event-ID} (or the
 *       {@code lastEventId} query parameter); 204 when the client has already seen the final event,
 *       which stops an EventSource from reconnecting; 400 for an id that is not a number</td></tr>
 *   <tr><td>{@code GET /events}</td><td>every task's changes as Server-Sent Events, for views of many
 *       tasks (the {@link TaskDashboard}): first {@code event: snapshot} with the newest
 *       {@code limit} tasks (1 to 1000, default 100; fewer if their JSON passes 512K characters)
 *       as {@code {"now", "limit", "tasks": [...]}},
 *       then {@code event: changes} with {@code {"now", "tasks": [...], "forgotten": [ids]}}, the
 *       latest state of each task that changed, at most one event every 100 ms. Tasks are sent
 *       without their result and with messages cut to 500 characters. No event ids: a client that
 *       reconnects gets a fresh snapshot. 503 while shutting down</td></tr>
 * </table>
 */
public final class TaskApi {
  private TaskApi() {}

  /** The routes above, with default SSE options. */
  public static Router router(Tasks tasks) {
    return router(tasks, SseOptions.defaults());
  }

  /** The routes above; {@code sse} bounds each event stream. */
  public static Router router(Tasks tasks, SseOptions sse) {
    return new TaskRoutes(Objects.requireNonNull(tasks, "tasks"), Objects.requireNonNull(sse, "sse")).router();
  }

  /**
   * Streams {@code task}'s events to an SSE client: each as {@code event: <type>},
   * {@code data: <json>}, {@code id: <event id>}, starting after the client's
   * {@link SseClient#lastEventId()} (all of them without one, or when it is not a number), and
   * closes the stream after the final event. The client closing ends the watch; the watch ending
   * otherwise (too slow, shutdown) closes the client, which can resume with its last id. Use it
   * from your own {@code app.sse} routes, for instance with a task bound to the stream through
   * {@link TaskScope#closedBy}.
   *
   * @throws java.util.NoSuchElementException if the task is no longer kept
   */
  public static TaskWatch stream(Task task, SseClient client) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(client, "client");
    long after = TaskRoutes.eventId(client.lastEventId(), 0);
    TaskWatch watch = task.watch(after, WatchOptions.defaults(), e -> {
      client.send(e.type(), e.data(), Long.toString(e.id()));
      if (e.isFinal()) {
        client.close();
      }
    });
    client.onClose(watch::close);
    watch.whenEnded().thenRun(client::close);
    return watch;
  }
}
