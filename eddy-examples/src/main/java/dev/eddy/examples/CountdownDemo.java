package dev.eddy.examples;

import dev.eddy.task.TaskKind;
import java.time.Duration;
import java.util.Map;

/**
 * CountdownDemo is the gallery's demo kind of task, seed 000's long task in its simplest form:
 * {@code countdown} with {@code {"seconds": N}} (1 to 3,600) reports one progress step every
 * 100 ms, N*10 steps in all, with the time left as its message, and returns {@code {"seconds": N}}.
 * Start it from the dashboard ({@code /tasks/}) or with {@code POST /api/tasks/countdown}; other
 * values of N are refused with a 400 before a task is made.
 */
final class CountdownDemo {
  static final String KIND = "countdown";
  static final int MAX_SECONDS = 3600;
  static final Duration STEP = Duration.ofMillis(100);

  /**
   * The arguments: how many seconds to count down. A {@code Number}, not an {@code int}, so that
   * {@code 1.5} is refused rather than quietly bound as 1 (JSON binding truncates floats to ints).
   */
  record Countdown(Number seconds) {}

  private CountdownDemo() {}

  static TaskKind<Countdown> kind() {
    return TaskKind.blocking(KIND, Countdown.class, (task, args) -> {
      int steps = args.seconds().intValue() * 10;
      long start = System.nanoTime();
      for (int step = 1; step <= steps; step++) {
        // sleep to the step's time from the start, not 100 ms from the last report, so an hour stays an hour
        task.sleep(Duration.ofNanos(start + step * STEP.toNanos() - System.nanoTime()));
        int left = steps - step;
        task.progress(step, steps, left / 10 + "." + left % 10 + " s left");
      }
      return Map.of("seconds", args.seconds());
    }).validate(args -> {
      Number n = args.seconds();
      boolean whole = n instanceof Integer || n instanceof Short || n instanceof Byte
          || n instanceof Long l && l == l.intValue();
      if (!whole || n.intValue() < 1 || n.intValue() > MAX_SECONDS) {
        throw new IllegalArgumentException("seconds must be a whole number from 1 to " + MAX_SECONDS + ", got " + n);
      }
    });
  }
}
