package dev.eddy;

/**
 * HttpException ends a request with a status and a message that is shown to the client. Throw it
 * from handlers or middleware: {@code throw new HttpException(404, "No user 42")}.
 */
public class HttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public HttpException(int status, String message) {
    this(status, message, null);
  }

  public HttpException(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("HttpException status must be 4xx or 5xx, got " + status);
    }
    this.status = status;
  }

  public int status() {
    return status;
  }

  /**
   * A value sent as JSON for the response body instead of Eddy's default error body, or null (the
   * default). Subclasses override it to give clients details they can act on, such as the fields
   * of a rejected form ({@code dev.eddy.body.InvalidBodyException}).
   */
  public Object jsonBody() {
    return null;
  }
}
