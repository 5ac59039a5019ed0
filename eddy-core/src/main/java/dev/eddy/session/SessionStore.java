package dev.eddy.session;

import java.time.Duration;

/**
 * SessionStore keeps session data on the server, by session id, each entry with a time to live.
 * {@link InMemorySessionStore} is the one in core; a shared store (Redis, a database) lets several
 * app instances see the same sessions. {@link Sessions} calls it from the request's virtual
 * thread, so blocking I/O is fine; it calls {@link #save} only when a session changed.
 *
 * <p>Implementations must be thread-safe. A store that fails throws an unchecked exception, which
 * the request answers with a 500; absent and expired entries are not failures (null).
 */
public interface SessionStore {
  /**
   * The data saved under {@code id}, or null if there is none or it expired; on a hit the entry's
   * time to live is extended to {@code idleTimeout} from now (the idle timeout; Redis:
   * {@code GETEX id EX seconds}).
   */
  SessionData load(String id, Duration idleTimeout);

  /**
   * Saves {@code data} under {@code id}, replacing what was there, to expire after {@code ttl}
   * (positive) unless loaded again.
   */
  void save(String id, SessionData data, Duration ttl);

  /** Removes the entry for {@code id}; a missing id is no error. */
  void delete(String id);
}
