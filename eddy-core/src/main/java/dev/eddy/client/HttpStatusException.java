package dev.eddy.client;

import java.io.IOException;
import java.net.URI;

/**
 * HttpStatusException is a response whose status is not 2xx where the caller asked for its
 * content ({@code json}, {@code text}, {@code bytes}). It names the status and the URI, and keeps
 * the start of the body (at most 512 characters), which often says why.
 */
public final class HttpStatusException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient URI uri;
  private final String body;

  public HttpStatusException(String method, URI uri, int status, String bodyStart) {
    super(method + " " + uri + " answered " + status + (bodyStart.isBlank() ? "" : ": " + oneLine(bodyStart)));
    this.status = status;
    this.uri = uri;
    this.body = bodyStart;
  }

  public int status() {
    return status;
  }

  public URI uri() {
    return uri;
  }

  /** The start of the response body, at most 512 characters; empty if there was none. */
  public String body() {
    return body;
  }

  private static String oneLine(String s) {
    String line = s.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
