package dev.eddy.client;

import java.io.IOException;

/**
 * SseRefusedException means the server answered an event-stream request with something other than
 * {@code 200} and {@code text/event-stream}, so the {@link SseClient} stopped for good: it does not
 * reconnect. A {@code 204 No Content} is how a server asks its clients to stop.
 */
public final class SseRefusedException extends IOException {
  private final int status;
  private final String contentType;

  SseRefusedException(int status, String contentType) {
    super(status == 204
        ? "The server answered 204 No Content: it asks the client to stop"
        : "Not an event stream: HTTP " + status + (contentType == null ? ", no Content-Type" : ", Content-Type " + contentType));
    this.status = status;
    this.contentType = contentType;
  }

  /** The response status. */
  public int status() {
    return status;
  }

  /** The response Content-Type, or null if there was none. */
  public String contentType() {
    return contentType;
  }
}
