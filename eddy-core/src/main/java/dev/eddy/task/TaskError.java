package dev.eddy.task;

import java.util.Objects;

/**
 * TaskError says why a task failed or was cancelled.
 *
 * @param code a short machine-readable word: {@link #TIMEOUT} when it ran past its timeout,
 *     {@link #CANCELLED} when it was cancelled, {@link #ERROR} when its body threw something other
 *     than a {@link TaskException}, or the code of the {@link TaskException} it threw
 * @param message a sentence for people; for {@link #ERROR} it names only an error id that is
 *     logged with the stack trace, so internals never reach clients
 */
public record TaskError(String code, String message) {
  /** The task ran past its timeout. */
  public static final String TIMEOUT = "timeout";
  /** The task was cancelled. */
  public static final String CANCELLED = "cancelled";
  /** The body threw an exception that was not a {@link TaskException}. */
  public static final String ERROR = "error";

  public TaskError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
