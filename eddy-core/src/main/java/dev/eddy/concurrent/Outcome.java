package dev.eddy.concurrent;

/**
 * Outcome is how one call of {@link Calls#allSettled} ended: with a value or with a failure.
 *
 * <pre>{@code
 * for (Outcome<Page> o : Calls.allSettled(calls)) {
 *   switch (o) {
 *     case Outcome.Success<Page> s -> show(s.value());
 *     case Outcome.Failure<Page> f -> log.warn("fetch failed", f.exception());
 *   }
 * }
 * }</pre>
 */
public sealed interface Outcome<T> {

  /** Whether the call returned normally. */
  boolean succeeded();

  /** The call returned {@code value} (which may be null). */
  record Success<T>(T value) implements Outcome<T> {
    @Override
    public boolean succeeded() {
      return true;
    }
  }

  /** The call threw {@code exception}. */
  record Failure<T>(Throwable exception) implements Outcome<T> {
    public Failure {
      if (exception == null) {
        throw new IllegalArgumentException("exception must not be null");
      }
    }

    @Override
    public boolean succeeded() {
      return false;
    }
  }
}
