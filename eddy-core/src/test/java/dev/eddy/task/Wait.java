package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Wait holds the bounded waits of the task tests: they fail instead of hanging. */
final class Wait {
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private Wait() {}

  /** Waits until {@code condition} holds, polling; fails after {@link #PATIENCE}. */
  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      Thread.sleep(2);
    }
  }

  /** The task's final snapshot; fails if it does not finish within {@link #PATIENCE}. */
  static TaskInfo done(Task task) throws Exception {
    return task.await(PATIENCE);
  }

  /** The next {@code n} events of a watch. */
  static List<TaskEvent> events(TaskWatch watch, int n) throws InterruptedException {
    List<TaskEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      TaskEvent e = watch.poll(PATIENCE);
      assertNotNull(e, "event " + (i + 1) + " of " + n + " did not come on " + watch);
      out.add(e);
    }
    return out;
  }

  /** Every event until the watch ends. */
  static List<TaskEvent> all(TaskWatch watch) throws InterruptedException {
    List<TaskEvent> out = new ArrayList<>();
    try {
      for (;;) {
        TaskEvent e = watch.poll(PATIENCE);
        assertNotNull(e, "the watch did not end: " + watch + " after " + out.size() + " events");
        out.add(e);
      }
    } catch (TaskWatchEndedException ended) {
      return out;
    }
  }

  static List<String> types(List<TaskEvent> events) {
    return events.stream().map(TaskEvent::type).toList();
  }
}
