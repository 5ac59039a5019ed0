package dev.eddy.session;

import java.time.Instant;

/**
 * SessionBackend is where {@link Sessions} keeps sessions: in a {@link SessionStore} by id, or in
 * the signed cookie itself. The cookie value is the handle either way.
 */
interface SessionBackend {
  /** Loaded is a session found from its cookie value; {@code lastSeen} when the cookie was issued. */
  record Loaded(String id, SessionData data, Instant lastSeen) {}

  /** The session that cookie {@code cookieName} names, or null if none, expired or not ours. */
  Loaded load(String cookieName, String cookieValue, Instant now);

  /** Persists the session and returns the value for cookie {@code cookieName} that names it. */
  String save(String cookieName, String id, SessionData data, Instant now);

  /** Forgets session {@code id} on the server, if the backend keeps anything there. */
  void delete(String id);

  /**
   * Throws {@link IllegalArgumentException} if the session could not be saved as it is (a cookie
   * over the size limit), so the handler that made it too large fails, not the response.
   */
  void checkSize(String cookieName, String id, SessionData data);

  /** Whether an unchanged session's cookie is due to be re-sent, to restart its idle clock. */
  boolean needsRefresh(Loaded loaded, Instant now);
}
