package dev.eddy.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls is the concurrency toolkit: asyncio's {@code gather}, {@code wait_for},
 * {@code call_later} and friends for blocking-style Java. Every call runs on a virtual thread of
 * its own, and the method that started it waits, so call these from a virtual thread (a handler,
 * a task body) where waiting is cheap.
 *
 * <pre>{@code
 * // three pages at once; the first failure cancels the other two and is thrown
 * List<String> pages = Calls.gather(List.of(() -> fetch(a), () -> fetch(b), () -> fetch(c)));
 * // a hundred pages, at most eight at a time, results in input order
 * List<String> all = Calls.map(urls, 8, url -> fetch(url));
 * // whichever mirror answers first; the others are cancelled
 * byte[] file = Calls.firstOf(List.of(() -> get(mirror1), () -> get(mirror2)));
 * // give up after two seconds
 * Quote q = Calls.timeout(Duration.ofSeconds(2), () -> quotes.fetch("EDDY"));
 * // later and periodically, cancellable
 * Scheduled reminder = Calls.later(Duration.ofMinutes(5), () -> remind(user));
 * Scheduled sweep = Calls.every(Duration.ofSeconds(30), cache::sweep);
 * }</pre>
 *
 * <p><b>Cancellation</b> is an interrupt: a cancelled call sees {@link InterruptedException} in a
 * sleep, a lock or a queue wait, and a closed socket in blocking socket I/O on its virtual
 * thread. CPU-bound code checks {@code Thread.currentThread().isInterrupted()} itself.
 *
 * <p><b>Structure</b>: {@code gather}, {@code allSettled}, {@code firstOf}, {@code timeout} and
 * {@code map} return or throw only once every call they started has ended, the cancelled ones
 * included, so no call outlives them (what {@code StructuredTaskScope}, a preview API in Java 21,
 * promises; it is not used). A call that ignores interrupts holds its caller until it ends. If the
 * waiting thread is interrupted, the calls are cancelled, awaited, and
 * {@link InterruptedException} is thrown.
 *
 * <p><b>Failures</b> are thrown as they are, not wrapped (a {@link Throwable} that is neither an
 * {@link Exception} nor an {@link Error} comes wrapped in an
 * {@link java.util.concurrent.ExecutionException}), so a task body or a handler can let them
 * through to its own error handling. Null lists and null calls throw {@link NullPointerException}.
 */
public final class Calls {
  private Calls() {}

  /** Action is a call without a result that may throw, for {@link #later} and {@link #every}. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** Mapper turns one input into one output for {@link #map}; it may block and throw. */
  @FunctionalInterface
  public interface Mapper<I, O> {
    O apply(I input) throws Exception;
  }

  /**
   * Runs every call at once and returns their results in the order of {@code calls} (nulls
   * allowed). Fail-fast: the first call to fail cancels the others, and its exception is thrown
   * once they have ended. An empty list returns an empty list.
   */
  public static <T> List<T> gather(List<? extends Callable<? extends T>> calls) throws Exception {
    CallGroup<T> group = new CallGroup<T>(CallGroup.Mode.ALL, checked(calls)).start();
    group.await(-1, null);
    return group.values();
  }

  /**
   * Runs every call at once and returns how each ended, in the order of {@code calls}; a
   * failure cancels nothing. Throws only {@link InterruptedException}.
   */
  public static <T> List<Outcome<T>> allSettled(List<? extends Callable<? extends T>> calls)
      throws InterruptedException {
    CallGroup<T> group = new CallGroup<T>(CallGroup.Mode.SETTLED, checked(calls)).start();
    try {
      group.await(-1, null);
    } catch (TimeoutException impossible) {
      throw new AssertionError(impossible);
    }
    return group.outcomes();
  }

  /**
   * Runs every call at once and returns the value of the first one to succeed; the others are
   * cancelled. If every call fails, throws the first failure, with the later ones attached as
   * {@linkplain Throwable#getSuppressed() suppressed} exceptions.
   *
   * @throws IllegalArgumentException if {@code calls} is empty
   */
  public static <T> T firstOf(List<? extends Callable<? extends T>> calls) throws Exception {
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("firstOf needs at least one call");
    }
    CallGroup<T> group = new CallGroup<T>(CallGroup.Mode.FIRST, checked(calls)).start();
    group.await(-1, null);
    return group.winner();
  }

  /**
   * Runs {@code call} on a virtual thread and returns its result, or throws what it threw. If it
   * has not ended within {@code timeout}, it is interrupted, awaited, and
   * {@link TimeoutException} is thrown, even if the call then returned a value.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public static <T> T timeout(Duration timeout, Callable<? extends T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    long nanos = nanos(timeout, "timeout");
    CallGroup<T> group = new CallGroup<T>(CallGroup.Mode.ALL, List.of(call)).start();
    group.await(nanos, "timed out after " + timeout);
    return group.values().get(0);
  }

  /**
   * Applies {@code mapper} to every input, at most {@code parallelism} at a time, and returns the
   * outputs in input order. Each of up to {@code parallelism} virtual threads takes the next
   * input when it is done with one, so a slow input never holds a free slot. Fail-fast: the first
   * failure stops new inputs from starting, cancels the ones running, and is thrown once they
   * have ended.
   *
   * @throws IllegalArgumentException if {@code parallelism} is less than 1
   */
  public static <I, O> List<O> map(Collection<? extends I> inputs, int parallelism,
      Mapper<? super I, ? extends O> mapper) throws Exception {
    Objects.requireNonNull(mapper, "mapper");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    List<? extends I> in = new ArrayList<>(inputs);
    Object[] out = new Object[in.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Callable<Void> worker = () -> {
      for (int i; !failed.get() && (i = next.getAndIncrement()) < in.size(); ) {
        try {
          out[i] = mapper.apply(in.get(i));
        } catch (Throwable t) {
          failed.set(true);
          throw t;
        }
      }
      return null;
    };
    List<Callable<Void>> workers = Collections.nCopies(Math.min(parallelism, in.size()), worker);
    gather(workers);
    @SuppressWarnings("unchecked")
    O[] results = (O[]) out;
    return Collections.unmodifiableList(Arrays.asList(results));
  }

  /**
   * Runs {@code action} once, on a virtual thread, after {@code delay} ({@code call_later}).
   * {@link Scheduled#cancel()} before then stops it; during the run, interrupts it. A failure is
   * logged and completes {@link Scheduled#whenDone()} exceptionally.
   */
  public static Scheduled later(Duration delay, Action action) {
    Objects.requireNonNull(action, "action");
    return Schedule.start(nanos(delay, "delay"), 0, action);
  }

  /**
   * Runs {@code action} every {@code period}, first after one period, on one virtual thread, so
   * runs never overlap. The schedule is fixed-rate: run n starts n periods after the call; a run
   * that takes longer than a period makes the next start at once, and the slots it overran are
   * skipped rather than run in a burst. It runs until {@link Scheduled#cancel()}, or until a run
   * throws: the failure is logged and ends the schedule.
   *
   * @throws IllegalArgumentException if {@code period} is not positive
   */
  public static Scheduled every(Duration period, Action action) {
    Objects.requireNonNull(action, "action");
    long nanos = nanos(period, "period");
    if (nanos == 0) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
    return Schedule.start(nanos, nanos, action);
  }

  /** A copy of {@code calls}, which also rejects null calls. */
  private static <C> List<C> checked(List<C> calls) {
    return List.copyOf(calls);
  }

  private static long nanos(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 2;
    }
  }
}
