package dev.eddy.task;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * TaskKind is a named kind of task: its body, the type its arguments bind to, and its limits.
 * Register it with {@link Tasks#register}; start tasks of it by name. Immutable: each setter
 * returns a copy.
 *
 * <pre>{@code
 * record Report(int year) {}
 * tasks.register(TaskKind.blocking("report", Report.class, (task, args) -> {
 *       for (int month = 1; month <= 12; month++) {
 *         task.progress(month, 12, "Month " + month);
 *         summarize(args.year(), month);   // may block: this runs on a virtual thread
 *       }
 *       return Map.of("year", args.year(), "rows", 1234);
 *     })
 *     .validate(args -> { if (args.year() < 2000) throw new IllegalArgumentException("year must be 2000 or later"); })
 *     .timeout(Duration.ofMinutes(10))
 *     .limit(2, 100));                     // 2 at once, 100 more wait in line
 *
 * tasks.register(TaskKind.async("fetch", Url.class, (task, args) ->
 *     http.sendAsync(request(args), ofString()).thenApply(HttpResponse::body)));
 * }</pre>
 *
 * <p>Arguments bind from JSON to {@code argsType} (a record or bean); {@code Object.class} or
 * {@code Map.class} take the raw JSON tree, {@code Void.class} takes no arguments.
 *
 * @param <A> the arguments' type
 */
public final class TaskKind<A> {
  /** The longest kind name. */
  public static final int MAX_NAME_LENGTH = 64;

  /**
   * Body is blocking task code. It runs on a virtual thread of its own, so it may block; it
   * returns the result (anything the codec can encode, or null) or throws.
   */
  @FunctionalInterface
  public interface Body<A> {
    Object run(TaskContext task, A args) throws Exception;
  }

  /**
   * AsyncBody is asynchronous task code: it starts the work and returns a stage that completes
   * with the result. The task ends when the stage completes; cancelling the task cancels the
   * stage ({@link java.util.concurrent.Future#cancel}, when the stage is a
   * {@link java.util.concurrent.CompletableFuture}) and the stage's completion is then ignored.
   * The call itself runs on a virtual thread and should return promptly.
   */
  @FunctionalInterface
  public interface AsyncBody<A> {
    CompletionStage<?> start(TaskContext task, A args) throws Exception;
  }

  private final String name;
  private final Class<A> argsType;
  private final Body<A> body;
  private final AsyncBody<A> asyncBody;
  private final Consumer<? super A> validator;
  private final Duration timeout;
  private final int concurrency;
  private final int queue;

  private TaskKind(String name, Class<A> argsType, Body<A> body, AsyncBody<A> asyncBody,
      Consumer<? super A> validator, Duration timeout, int concurrency, int queue) {
    this.name = name;
    this.argsType = argsType;
    this.body = body;
    this.asyncBody = asyncBody;
    this.validator = validator;
    this.timeout = timeout;
    this.concurrency = concurrency;
    this.queue = queue;
  }

  /**
   * A kind whose body is blocking code on a virtual thread.
   *
   * @throws IllegalArgumentException if the name is not 1 to {@value #MAX_NAME_LENGTH} of
   *     {@code A-Z a-z 0-9 . _ -}
   */
  public static <A> TaskKind<A> blocking(String name, Class<A> argsType, Body<A> body) {
    return new TaskKind<>(checkName(name), Objects.requireNonNull(argsType, "argsType"),
        Objects.requireNonNull(body, "body"), null, null, null, Integer.MAX_VALUE, 0);
  }

  /** A kind whose body returns a {@link CompletionStage}; see {@link AsyncBody}. */
  public static <A> TaskKind<A> async(String name, Class<A> argsType, AsyncBody<A> body) {
    return new TaskKind<>(checkName(name), Objects.requireNonNull(argsType, "argsType"),
        null, Objects.requireNonNull(body, "body"), null, null, Integer.MAX_VALUE, 0);
  }

  /**
   * Checks arguments when a task is started, before anything is created: throw
   * {@link IllegalArgumentException} with a message for the client (the HTTP API answers 400
   * with it).
   */
  public TaskKind<A> validate(Consumer<? super A> validator) {
    return new TaskKind<>(name, argsType, body, asyncBody, Objects.requireNonNull(validator, "validator"),
        timeout, concurrency, queue);
  }

  /**
   * Ends tasks of this kind that run longer than {@code timeout} (counted from when they start
   * running, not while queued): they are stopped like a cancel and end {@link TaskState#FAILED}
   * with error code {@code "timeout"}. A task may set its own with {@link StartOptions#timeout}.
   */
  public TaskKind<A> timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return new TaskKind<>(name, argsType, body, asyncBody, validator, timeout, concurrency, queue);
  }

  /**
   * Runs at most {@code concurrency} tasks of this kind at once; up to {@code queue} more wait in
   * first-in first-out order, and starts beyond that are refused with
   * {@link TaskRejectedException} ({@link TaskRejectedException.Reason#QUEUE_FULL}). Without a
   * limit, every task starts running at once.
   */
  public TaskKind<A> limit(int concurrency, int queue) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    if (queue < 0) {
      throw new IllegalArgumentException("queue must not be negative, got " + queue);
    }
    return new TaskKind<>(name, argsType, body, asyncBody, validator, timeout, concurrency, queue);
  }

  public String name() {
    return name;
  }

  public Class<A> argsType() {
    return argsType;
  }

  /** The kind's timeout, or null for none. */
  public Duration timeout() {
    return timeout;
  }

  /** How many may run at once; {@link Integer#MAX_VALUE} without a limit. */
  public int concurrency() {
    return concurrency;
  }

  /** How many may wait for a slot. */
  public int queue() {
    return queue;
  }

  /** Whether the body is asynchronous. */
  public boolean isAsync() {
    return asyncBody != null;
  }

  Body<A> body() {
    return body;
  }

  AsyncBody<A> asyncBody() {
    return asyncBody;
  }

  /** Checks that {@code args} fit this kind and passes them to the validator. */
  A accept(Object args) {
    if (argsType == Void.class) {
      if (args != null) {
        throw new IllegalArgumentException("Task kind '" + name + "' takes no arguments");
      }
      return null;
    }
    if (args == null) {
      throw new IllegalArgumentException("Task kind '" + name + "' needs arguments (" + argsType.getSimpleName() + ")");
    }
    if (!argsType.isInstance(args)) {
      throw new IllegalArgumentException("Task kind '" + name + "' takes " + argsType.getName()
          + " arguments, got " + args.getClass().getName());
    }
    A typed = argsType.cast(args);
    if (validator != null) {
      validator.accept(typed);
    }
    return typed;
  }

  private static String checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !Names.isToken(name)) {
      throw new IllegalArgumentException("Task kind name must be 1 to " + MAX_NAME_LENGTH
          + " of A-Z a-z 0-9 . _ -, got " + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  @Override
  public String toString() {
    return "TaskKind(" + name + (isAsync() ? ", async" : ", blocking")
        + (concurrency == Integer.MAX_VALUE ? "" : ", " + concurrency + " at once, queue " + queue)
        + (timeout == null ? "" : ", timeout " + timeout) + ")";
  }
}
