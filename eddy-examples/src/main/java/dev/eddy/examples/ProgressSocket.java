package dev.eddy.examples;

import dev.eddy.task.Task;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.Tasks;
import dev.eddy.task.WatchOptions;
import dev.eddy.ws.WebSocket;
import dev.eddy.ws.WebSocketHandler;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * ProgressSocket is the progress demo's WebSocket, {@code /progress/ws?mode=async|blocking}, with
 * the seed's protocol:
 *
 * <ul>
 *   <li>the client sends {@code start} or {@code stop}, as plain text exactly as in the seed, or
 *       as JSON {@code {"type": "start"}} / {@code {"type": "stop"}}; and
 *       {@code {"type": "attach", "id": ..}} to follow a task it started before (after a reload);
 *   <li>the server answers {@code {"type": "started", "id", "mode"}} or
 *       {@code {"type": "attached", "id", "mode"}}, then sends
 *       {@code {"type": "progress", "value": i, "total": 150}} for each step, and
 *       {@code {"type": "done"}} at the end, {@code {"type": "cancelled"}} after a stop, or
 *       {@code {"type": "failed", "error"}}; anything it refuses gets
 *       {@code {"type": "error", "error": ..}}.
 * </ul>
 *
 * <p><b>One task per socket.</b> A second {@code start} while the socket's task runs is refused
 * with an error (the seed ignores it silently); a {@code stop} with nothing running likewise.
 *
 * <p><b>Reloads.</b> Tasks are detached: closing the socket does not stop its task. The page keeps
 * the task id in {@code sessionStorage} (per tab, kept across reloads) and sends {@code attach}
 * on each connection, and the socket watches the task's log from the start: the log keeps only
 * the latest of a run of progress events, so the page gets where the bar is now, then the rest
 * live, and a {@code stop} then stops it. The id is 120 random bits, so knowing it is what
 * entitles a page to follow and stop the task, without a server-side session.
 */
final class ProgressSocket implements WebSocketHandler {
  private final Tasks tasks;
  private final Map<WebSocket, Following> sockets = new ConcurrentHashMap<>();

  /** Following is what one socket follows: its task and the watch on it. */
  private static final class Following {
    final String kind;
    Task task;
    TaskWatch watch;

    Following(String kind) {
      this.kind = kind;
    }
  }

  ProgressSocket(Tasks tasks) {
    this.tasks = tasks;
  }

  @Override
  public void onOpen(WebSocket ws) {
    String mode = ws.context().query("mode");
    if (mode == null || mode.isEmpty() || mode.equals("async")) {
      sockets.put(ws, new Following(ProgressDemo.ASYNC));
    } else if (mode.equals("blocking")) {
      sockets.put(ws, new Following(ProgressDemo.BLOCKING));
    } else {
      ws.close(1008, "mode must be async or blocking");
    }
  }

  @Override
  public void onText(WebSocket ws, String text) {
    Following f = sockets.get(ws);
    if (f == null) {
      return; // refused at open
    }
    Map<?, ?> json = text.strip().startsWith("{") ? parse(ws, text) : Map.of("type", text.strip());
    Object type = json == null ? null : json.get("type");
    if ("start".equals(type)) {
      start(ws, f);
    } else if ("stop".equals(type)) {
      stop(ws, f);
    } else if ("attach".equals(type) && json.get("id") instanceof String id) {
      attach(ws, f, id);
    } else {
      error(ws, "Send start or stop, as text or as {\"type\": ...}, or {\"type\": \"attach\", \"id\": ...}");
    }
  }

  @Override
  public void onClose(WebSocket ws, int code, String reason) {
    Following f = sockets.remove(ws);
    if (f != null && f.watch != null) {
      f.watch.close(); // the task runs on: the page may come back for it
    }
  }

  private void start(WebSocket ws, Following f) {
    if (running(f.task)) {
      error(ws, "A task is already running; stop it first");
      return;
    }
    Task task;
    try {
      task = tasks.start(f.kind, null);
    } catch (RuntimeException refused) { // too many running, or shutting down
      error(ws, refused.getMessage());
      return;
    }
    follow(ws, f, task, "started");
  }

  private void stop(WebSocket ws, Following f) {
    if (!running(f.task) || !f.task.cancel()) {
      error(ws, "No task is running");
    }
    // the watch sends {"type": "cancelled"} once the task has stopped
  }

  private void attach(WebSocket ws, Following f, String id) {
    Task task = tasks.get(id).orElse(null);
    if (task == null) {
      error(ws, "No task " + id + ": it ended a while ago, or the server restarted");
      return;
    }
    follow(ws, f, task, "attached");
  }

  private void follow(WebSocket ws, Following f, Task task, String reply) {
    if (f.watch != null) {
      f.watch.close();
    }
    f.task = task;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", reply);
    m.put("id", task.id());
    m.put("mode", task.kind().equals(ProgressDemo.BLOCKING) ? "blocking" : "async");
    ws.sendJson(m);
    try {
      f.watch = task.watch(0, WatchOptions.defaults(), e -> relay(ws, e));
    } catch (NoSuchElementException forgotten) {
      error(ws, "No task " + task.id());
    }
  }

  /** Turns a task event into the seed's messages; waits for each to be written (see TaskSocket). */
  private static void relay(WebSocket ws, TaskEvent e) {
    String message = switch (e.type()) {
      case TaskEvent.PROGRESS -> "{\"type\":\"progress\"," + e.data().substring(1); // {"value":i,"total":150}
      case TaskEvent.SUCCEEDED -> "{\"type\":\"done\"}";
      case TaskEvent.CANCELLED -> "{\"type\":\"cancelled\"}";
      case TaskEvent.FAILED -> "{\"type\":\"failed\",\"error\":" + errorOf(ws, e) + "}";
      default -> null; // queued, running
    };
    if (message != null) {
      try {
        ws.send(message).toCompletableFuture().get();
      } catch (ExecutionException gone) {
        // the socket closed; onClose ends the watch
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String errorOf(WebSocket ws, TaskEvent e) {
    Map<?, ?> task = ws.json().decode(e.data().getBytes(StandardCharsets.UTF_8), Map.class);
    Object error = task.get("error") instanceof Map<?, ?> err ? err.get("message") : "failed";
    return new String(ws.json().encode(String.valueOf(error)), StandardCharsets.UTF_8);
  }

  private static boolean running(Task task) {
    try {
      return task != null && !task.info().isFinished();
    } catch (NoSuchElementException forgotten) {
      return false;
    }
  }

  private static Map<?, ?> parse(WebSocket ws, String text) {
    try {
      return ws.json().decode(text.getBytes(StandardCharsets.UTF_8), Map.class);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  private static void error(WebSocket ws, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "error");
    m.put("error", message);
    ws.sendJson(m);
  }
}
