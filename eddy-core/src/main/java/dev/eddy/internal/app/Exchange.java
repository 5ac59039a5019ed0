package dev.eddy.internal.app;

import dev.eddy.Context;

/** Exchange is the framework's side of a {@link Context}: what the chain and error code need. */
public interface Exchange extends Context {
  /** The route chosen for this request (a real route or a 404/405/OPTIONS stand-in). */
  Route route();

  /** Whether headers have gone out (streaming), so an error can no longer become a response. */
  boolean committed();

  /** Whether the handler handed over a stage that has not completed yet. */
  boolean asyncPending();

  /** Forgets the status, body and content type set so far, keeping other headers. */
  void resetResponse();

  /**
   * Ends HTTP on this connection once the chain finishes: the 101 (if the switch sends one) goes
   * out with the response headers set so far, then {@code protocolSwitch} takes over.
   */
  void switchProtocols(ProtocolSwitch protocolSwitch);

  /** Starts a Server-Sent Events response; it stays open after the handler returns. */
  dev.eddy.sse.SseClient openEventStream(dev.eddy.sse.SseOptions options);

  /** Aborts a committed response: the client sees a truncated body and a closed connection. */
  void abort();

  /** The app's JSON codec, for features that store values as JSON (sessions). */
  dev.eddy.JsonCodec json();

  /** Removes every value of a response header set so far; throws once the response has started. */
  void removeHeader(String name);
  // ---- for the toolkit middleware (dev.eddy.files, dev.eddy.compression, dev.eddy.log) ----

  /** The request target as sent, still percent-encoded: the path and, after '?', the query. */
  String target();

  /** The request's protocol version: {@code HTTP/1.1} or {@code HTTP/1.0}. */
  String protocol();

  /** The server's request body limit in bytes ({@link dev.eddy.ServerOptions#maxBodyBytes()}). */
  long maxBodyBytes();

  /**
   * Replaces the request body with its decoded form: {@link #body()} returns {@code decoded}, and
   * the request's {@code Content-Encoding} is gone and its {@code Content-Length} matches.
   */
  void decodedBody(byte[] decoded);

  /**
   * The response body set so far as bytes (text as UTF-8; an array set with {@code bytes()} is
   * returned as is, not copied), or null when there is none or it is not held in memory (a file, a
   * stream, a pending stage).
   */
  byte[] responseBody();

  /** The response body's length when it is known now (bytes, text or a file), else -1. */
  long responseLength();

  /**
   * Responds with {@code count} bytes of {@code file} from {@code position}, sent after the head
   * straight from the file (a Netty file region: no copy through the heap on plain connections).
   * The exchange owns {@code file} from this call on: it is closed once sent, when the response is
   * replaced or dropped, and when this throws ({@link IllegalStateException} if the response
   * already started, {@link IllegalArgumentException} for a range outside the file).
   */
  void sendFile(java.nio.channels.FileChannel file, long position, long count, String contentType);

  /** Has {@code encoder} look at a streamed response as it starts ({@link #stream}). */
  void streamEncoder(StreamEncoder encoder);

  /**
   * Runs {@code callback} once the response is final: written as a whole, a stream closed, or the
   * handler timed out (then {@link #status()} is 503). It runs on the thread that finished the
   * response, possibly an event loop, so it must be quick and must not block; what it throws is
   * logged and ignored.
   */
  void onDone(Runnable callback);
  /** The stage handed to {@link #async} while it is still pending, else null. */
  java.util.concurrent.CompletionStage<?> pendingStage();
  /** The query string as sent, still percent-encoded, without the '?'; null when there is none. */
  String rawQuery();

  /** The TLS session the request came over, or null for plain HTTP. */
  javax.net.ssl.SSLSession tlsSession();
}
