package dev.eddy.session;

import java.time.Duration;
import java.time.Instant;

/** StoreBackend keeps sessions in a {@link SessionStore}; the cookie carries only the id. */
final class StoreBackend implements SessionBackend {
  private final SessionStore store;
  private final Duration idle;
  private final Duration absolute;

  StoreBackend(SessionStore store, Duration idle, Duration absolute) {
    this.store = store;
    this.idle = idle;
    this.absolute = absolute;
  }

  @Override
  public Loaded load(String cookieName, String cookieValue, Instant now) {
    if (!SessionIds.isWellFormed(cookieValue)) {
      return null;
    }
    SessionData data = store.load(cookieValue, idle);
    if (data == null) {
      return null;
    }
    if (!data.createdAt().plus(absolute).isAfter(now)) {
      store.delete(cookieValue);
      return null;
    }
    return new Loaded(cookieValue, data, now);
  }

  @Override
  public String save(String cookieName, String id, SessionData data, Instant now) {
    Duration left = Duration.between(now, data.createdAt().plus(absolute));
    Duration ttl = left.compareTo(idle) < 0 ? left : idle;
    if (ttl.isNegative() || ttl.isZero()) {
      store.delete(id);
    } else {
      store.save(id, data, ttl);
    }
    return id;
  }

  @Override
  public void delete(String id) {
    store.delete(id);
  }

  @Override
  public void checkSize(String cookieName, String id, SessionData data) {
    // The store holds what the app gives it; only the id travels in the cookie.
  }

  @Override
  public boolean needsRefresh(Loaded loaded, Instant now) {
    return false; // load() already restarted the idle clock in the store
  }
}
