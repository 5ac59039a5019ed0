package dev.eddy.sse;

import dev.eddy.Context;
import java.time.Duration;

/**
 * SseClient is one browser (or other client) connected to a Server-Sent Events endpoint. Sends are
 * safe from any thread and never block: each event is queued for the connection, and a client
 * whose queue passes {@link SseOptions#maxQueuedBytes()} is disconnected (it reconnects with
 * {@code Last-Event-ID} and resumes), so a slow client can't grow the server's memory.
 *
 * <p>The stream stays open after the handler returns, until {@link #close()} or the client goes
 * away; {@link #onClose} tells when. Keep-alive comments go out every
 * {@link SseOptions#keepAlive()}, which also finds dead peers.
 */
public interface SseClient {
  /** The request that opened the stream: path params, query, headers, attributes. */
  Context context();

  /**
   * The id the client last saw, from the {@code Last-Event-ID} header or, for a browser that had
   * to open a new EventSource, the {@code lastEventId} query parameter; null if neither.
   */
  String lastEventId();

  /** Sends {@code data} (any text; newlines become several data lines) as a default "message" event. */
  boolean send(String data);

  /** Sends a named event. */
  boolean send(String event, String data);

  /**
   * Sends a named event with an id the client echoes back in {@code Last-Event-ID} when it
   * reconnects. Returns false if the client is gone (nothing was sent). {@code event} and
   * {@code id} must not contain line breaks; {@code id} must not contain NUL.
   */
  boolean send(String event, String data, String id);

  /** Sends a comment line, ignored by clients (keep-alives are comments). */
  boolean comment(String text);

  /** Tells the client how long to wait before reconnecting. */
  boolean retry(Duration delay);

  boolean isOpen();

  /** Runs {@code callback} once the stream ends, whoever ended it; at once if already ended. */
  void onClose(Runnable callback);

  /** Ends the stream. Safe to call more than once. */
  void close();
}
