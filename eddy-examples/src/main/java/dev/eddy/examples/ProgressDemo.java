package dev.eddy.examples;

import dev.eddy.App;
import dev.eddy.task.TaskContext;
import dev.eddy.task.TaskKind;
import dev.eddy.task.Tasks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * ProgressDemo is seed 000's long task with a progress bar, started and stopped from the browser
 * over a WebSocket: {@code GET /progress/} is the page (its script {@code /progress/progress.js}),
 * {@code /progress/ws} the socket ({@link ProgressSocket} has the protocol). A task counts to
 * {@link #TOTAL}, reporting each step as progress and waiting a delay between steps
 * ({@code PROGRESS_DELAY_MS} in the gallery, 50 ms by default), in one of two styles, as in the
 * seed:
 *
 * <ul>
 *   <li>{@code progress-async} ({@code ?mode=async}, the default): an async body, each step
 *       scheduled after the delay and the last one completing the task's stage, with no thread
 *       waiting in between (the seed's coroutine with {@code asyncio.sleep});
 *   <li>{@code progress-blocking} ({@code ?mode=blocking}): a blocking body, a plain loop around
 *       {@code Thread.sleep} that polls the stop flag (the seed's thread-executor task with its
 *       {@code threading.Event}).
 * </ul>
 *
 * Both run as detached tasks of the gallery's {@link Tasks}, at most {@link #MAX_RUNNING} of each
 * kind at once (more are refused), each for at most {@link #TIMEOUT}.
 */
final class ProgressDemo {
  static final int TOTAL = 150;
  static final String ASYNC = "progress-async";
  static final String BLOCKING = "progress-blocking";
  static final int MAX_RUNNING = 64;
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  private static final byte[] PAGE = resource("progress.html");
  private static final byte[] SCRIPT = resource("progress.js");

  private ProgressDemo() {}

  /** Registers the two kinds in {@code tasks} and the demo's routes in {@code app}. */
  static void register(App app, Tasks tasks, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("The progress delay must not be negative, got " + delay.toMillis() + " ms");
    }
    tasks.register(TaskKind.async(ASYNC, Void.class, (task, none) -> countAsync(task, delay))
        .timeout(TIMEOUT).limit(MAX_RUNNING, 0));
    tasks.register(TaskKind.blocking(BLOCKING, Void.class, (task, none) -> countBlocking(task, delay))
        .timeout(TIMEOUT).limit(MAX_RUNNING, 0));
    app.get("/progress", ctx -> ctx.redirect("/progress/", 301));
    app.get("/progress/", ctx -> ctx.bytes(PAGE, "text/html; charset=utf-8"));
    app.get("/progress/progress.js", ctx -> ctx.header("Cache-Control", "no-cache").bytes(SCRIPT, "text/javascript; charset=utf-8"));
    app.ws("/progress/ws", new ProgressSocket(tasks));
  }

  /**
   * The seed's blocking task: report step i, sleep, and stop when the flag is set. A stop also
   * interrupts the sleep, so it is noticed at once rather than after the delay.
   */
  static Object countBlocking(TaskContext task, Duration delay) throws InterruptedException {
    for (int i = 1; i <= TOTAL; i++) {
      if (task.cancelled()) { // the seed's stop_event.is_set()
        return null;
      }
      task.progress(i, TOTAL);
      Thread.sleep(delay);
    }
    return TOTAL;
  }

  /**
   * The seed's coroutine without a thread: each step is scheduled after the delay, and the last
   * completes the stage. Cancelling the task cancels the stage; the steps still scheduled see the
   * stop flag and do nothing.
   */
  static CompletionStage<Object> countAsync(TaskContext task, Duration delay) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    Executor later = CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS);
    new Runnable() {
      private int i = 1;

      @Override
      public void run() {
        if (task.cancelled() || done.isDone()) {
          return;
        }
        if (i > TOTAL) {
          done.complete(TOTAL);
          return;
        }
        task.progress(i++, TOTAL);
        later.execute(this);
      }
    }.run();
    return done;
  }

  private static byte[] resource(String name) {
    try (InputStream in = ProgressDemo.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the gallery's resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
