package dev.eddy;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Context is one HTTP exchange: the request as read, the response being built, and typed
 * attributes that middleware share. One per request; not shared between requests.
 *
 * <p>The response is sent once the middleware chain has finished, so middleware after-code can
 * still change status and headers. Streaming ({@link #stream}) sends the headers at once instead.
 * Context methods are safe to call from the thread running the handler; hand it to other threads
 * only through {@link #async}.
 */
public interface Context {
  // ---- request ----

  /** The request method, upper case: {@code GET}, {@code POST}, ... */
  String method();

  /** The request path as sent, still percent-encoded, without the query: {@code /users/a%20b}. */
  String path();

  /** The route pattern that matched, such as {@code /users/:id}; null when no route matched. */
  String routePattern();

  /**
   * A path parameter, percent-decoded once: {@code :id} in {@code /users/:id}, or {@code *} for
   * the wildcard. Throws {@link IllegalArgumentException} if the route has no such parameter.
   */
  String param(String name);

  /** All path parameters of the matched route, by name. */
  Map<String, String> params();

  /** The first value of a query parameter, form-decoded ({@code +} is a space), or null. */
  String query(String name);

  /** Every value of a query parameter, in order; empty if absent. */
  List<String> queries(String name);

  /** All query parameters, each with its values in order. */
  Map<String, List<String>> queryParams();

  /** The first value of a request header (case-insensitive name), or null. */
  String header(String name);

  /** Every value of a request header, in order; empty if absent. */
  List<String> headers(String name);

  /** The names of the request headers, lower case. */
  Set<String> headerNames();

  /** The peer's address. */
  InetSocketAddress remoteAddress();

  /** The request body. Empty if there is none. Bounded by the server's body limit (413 above it). */
  byte[] body();

  /**
   * The request body as a stream. On a route made with {@link Handler#streamingBody} it reads the
   * body as it arrives (blocking while the client is slow; {@link HttpException} 413 past the
   * route's limit; an {@link java.io.IOException} if the client goes away mid-body); elsewhere it
   * reads the buffered {@link #body()}.
   */
  java.io.InputStream bodyStream();

  /** The request body as text, in the charset of its Content-Type (UTF-8 by default). */
  String bodyAsString();

  /**
   * The request body as JSON bound to {@code type} (a record or a bean). Throws
   * {@link HttpException} 415 when the Content-Type is not JSON, and 400 naming the problem when
   * the body is empty, malformed or does not fit the type.
   */
  <T> T bodyAs(Class<T> type);

  // ---- response ----

  /** Sets the response status. Returns this context for chaining. */
  Context status(int status);

  /** The response status set so far (200 by default). */
  int status();

  /** Sets a response header, replacing earlier values. */
  Context header(String name, String value);

  /** Adds a response header value, keeping earlier ones (for {@code Set-Cookie}, say). */
  Context addHeader(String name, String value);

  /** A response header set so far, or null. */
  String responseHeader(String name);

  /** Responds with text, {@code text/plain; charset=utf-8}. */
  Context text(String body);

  /** Responds with HTML, {@code text/html; charset=utf-8}. */
  Context html(String body);

  /** Responds with the value encoded as JSON, {@code application/json}. */
  Context json(Object value);

  /** Responds with raw bytes of the given content type. */
  Context bytes(byte[] body, String contentType);

  /** Redirects with 302 Found. */
  Context redirect(String location);

  /** Redirects with the given 3xx status (301, 302, 303, 307, 308). */
  Context redirect(String location, int status);

  /**
   * Starts a chunked streaming response and returns the stream to write it to. The status and
   * headers set so far are sent with the first flush. Writes block while the client is slow
   * (backpressure), so memory stays bounded; they throw {@link java.io.IOException} once the client
   * has gone. Closing the stream ends the response. Only on virtual-thread routes.
   */
  OutputStream stream(String contentType);

  /**
   * Finishes the response later, from a stage, without holding a thread. When it completes with a
   * value and nothing was sent, the value is sent: a {@code String} as text, {@code byte[]} as
   * octets, anything else as JSON; with null, 204. A failed stage goes to the error handlers.
   * Middleware after-code runs when the handler returns, before the stage completes.
   */
  Context async(CompletionStage<?> stage);

  /**
   * Switches this connection to another protocol: answers {@code 101 Switching Protocols} with
   * {@code Upgrade: protocol}, {@code Connection: Upgrade} and the headers set so far, then runs
   * {@code handler} with the raw connection on a virtual thread. Requests pipelined behind this one
   * are dropped. Throws {@link HttpException} 400 if the request did not ask for this protocol in
   * its {@code Upgrade} header.
   */
  void upgrade(String protocol, Connection.Handler handler);

  /**
   * Takes the raw connection over without sending any HTTP response (for a protocol that
   * answers in its own way). The handler runs on a virtual thread; the bytes after this request
   * are the handler's to read.
   */
  void takeover(Connection.Handler handler);

  /** Whether something was sent or set as the response (body, status, redirect, stream, async). */
  boolean responded();

  // ---- state ----

  /** An attribute set by middleware, or null. */
  <T> T attr(Key<T> key);

  /** Sets an attribute for the rest of this exchange. */
  <T> Context attr(Key<T> key, T value);
}
