package dev.eddy.task;

import java.util.Objects;

/**
 * TaskException ends a task as {@link TaskState#FAILED} with an error its watchers may see: throw
 * it from a task body with a code and a message meant for clients.
 *
 * <pre>{@code
 * if (quota.exhausted(user)) {
 *   throw new TaskException("quota", "Monthly export quota reached");
 * }
 * }</pre>
 *
 * <p>Any other exception also fails the task, but its message stays in the server log (with an
 * error id the client sees), as with HTTP errors.
 */
public class TaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public TaskException(String code, String message) {
    this(code, message, null);
  }

  public TaskException(String code, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
    if (code.isBlank()) {
      throw new IllegalArgumentException("TaskException code must not be blank");
    }
  }

  /** The error code watchers see in {@link TaskError#code()}. */
  public String code() {
    return code;
  }
}
