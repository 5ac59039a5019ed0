package dev.eddy.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Call is one request being put together, fluently, and then sent: {@link #send()} for the whole
 * {@link Response}, or {@link #json}, {@link #text}, {@link #bytes} for just the content of a 2xx
 * response (anything else throws {@link HttpStatusException}). Made by {@link Http#get} and
 * friends; not thread-safe, and meant to be used right away.
 */
public final class Call {
  private final Http http;
  private Request request;

  Call(Http http, Request request) {
    this.http = http;
    this.request = request;
  }

  /** Sets a header, replacing earlier values. */
  public Call header(String name, String value) {
    request = request.withHeader(name, value);
    return this;
  }

  /** Adds a header value, keeping earlier ones. */
  public Call addHeader(String name, String value) {
    request = request.addHeader(name, value);
    return this;
  }

  /** Appends a query parameter, form-encoded: {@code query("q", "a b")} adds {@code q=a+b}. */
  public Call query(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    URI uri = request.uri();
    String base = uri.toString();
    int hash = base.indexOf('#');
    if (hash >= 0) {
      base = base.substring(0, hash);
    }
    String param = URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    request = request.withUri(URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + param));
    return this;
  }

  /** How long to wait for the response headers, for this call. */
  public Call timeout(Duration timeout) {
    request = request.withTimeout(timeout);
    return this;
  }

  /** Sends {@code body} (Content-Type {@code contentType}, or none when null). */
  public Call body(byte[] body, String contentType) {
    return body(RequestBody.of(body, contentType));
  }

  /** Sends {@code text} as UTF-8. */
  public Call body(String text, String contentType) {
    return body(RequestBody.of(text, contentType));
  }

  /** Sends the value encoded as JSON, {@code application/json}. */
  public Call jsonBody(Object value) {
    return body(RequestBody.of(http.json().encode(value), "application/json"));
  }

  /**
   * Streams the body from the supplier's stream as it is sent (chunked), reading only as fast as
   * the connection takes it. The supplier is asked again if the request is retried.
   */
  public Call body(Supplier<? extends InputStream> stream, String contentType) {
    return body(RequestBody.of(stream, -1, contentType));
  }

  /** Streams the body from a publisher ({@code length} -1 when unknown); it can't be retried. */
  public Call body(Flow.Publisher<ByteBuffer> publisher, long length, String contentType) {
    return body(RequestBody.of(publisher, length, contentType));
  }

  public Call body(RequestBody body) {
    request = request.withBody(Objects.requireNonNull(body, "body"));
    return this;
  }

  /** The request as built so far. */
  public Request request() {
    return request;
  }

  /** Sends the request and returns the response, whatever its status; read its body and close it. */
  public Response send() throws IOException, InterruptedException {
    return http.send(request);
  }

  /**
   * Sends the request (with {@code Accept: application/json} unless set) and decodes a 2xx body
   * into {@code type}; throws {@link HttpStatusException} for any other status.
   */
  public <T> T json(Class<T> type) throws IOException, InterruptedException {
    Objects.requireNonNull(type, "type");
    if (request.header("Accept") == null) {
      request = request.withHeader("Accept", "application/json");
    }
    return send().json(type);
  }

  /** Sends the request and returns a 2xx body as text; throws {@link HttpStatusException} otherwise. */
  public String text() throws IOException, InterruptedException {
    return send().ensureSuccess().text();
  }

  /** Sends the request and returns a 2xx body; throws {@link HttpStatusException} otherwise. */
  public byte[] bytes() throws IOException, InterruptedException {
    return send().ensureSuccess().bytes();
  }
}
