package dev.eddy.session;

import dev.eddy.Context;
import dev.eddy.JsonCodec;
import dev.eddy.Key;
import dev.eddy.cookie.Cookies;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Session is the current request's session, kept by the {@link Sessions} middleware:
 *
 * <pre>{@code
 * Session session = Session.of(ctx);
 * Cart cart = session.get("cart", Cart.class);       // null when absent
 * session.set("cart", cart.add(item));              // any value the app's JsonCodec can write
 * session.regenerate();                             // on login: a new id, the old one is dead
 * session.invalidate();                             // on logout
 * }</pre>
 *
 * Values are stored as JSON through the app's {@link JsonCodec}, so they survive a remote store;
 * {@link #get} reads them back as the type asked for. The session is loaded on first use and
 * saved after the handler only if something changed; a visitor who never gets a value gets no
 * session and no cookie. Like {@link Context}, a Session belongs to one request's thread. Two
 * requests of one session at once each work on their own copy; the later save wins.
 */
public final class Session {
  static final Key<Session> KEY = Key.of("eddy.session");

  private final Sessions owner;
  private final Context ctx;
  private boolean loaded;
  private String cookieName;
  private String requestValue;
  private boolean staleCookie;
  private SessionBackend.Loaded found;
  private String id;
  private Instant createdAt;
  private final Map<String, String> values = new LinkedHashMap<>();
  /** Whether the backend holds this id (it was loaded or saved). */
  private boolean stored;
  private boolean changed;
  private boolean invalidated;

  Session(Sessions owner, Context ctx) {
    this.owner = owner;
    this.ctx = ctx;
  }

  /**
   * The session of this request.
   *
   * @throws IllegalStateException if no {@link Sessions} middleware wraps the route
   */
  public static Session of(Context ctx) {
    Session s = ctx.attr(KEY);
    if (s == null) {
      throw new IllegalStateException("No session on " + ctx.method() + " " + ctx.path()
          + ": register the Sessions middleware (app.use(Sessions.inMemory())) before the routes that use it");
    }
    return s;
  }

  /** The session id: 256 random bits, Base64url. A new session has one before it is saved. */
  public String id() {
    load();
    return id;
  }

  /** Whether this session was created by this request (none came with it, or it had expired). */
  public boolean isNew() {
    load();
    return !stored;
  }

  /** When the session began (its absolute timeout counts from here; {@link #regenerate} restarts it). */
  public Instant createdAt() {
    load();
    return createdAt;
  }

  /**
   * The value stored under {@code name} as {@code type}, or null.
   *
   * @throws IllegalArgumentException if the stored JSON does not fit {@code type}
   */
  public <T> T get(String name, Class<T> type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    load();
    String json = values.get(name);
    if (json == null) {
      return null;
    }
    try {
      return codec().decode(json.getBytes(StandardCharsets.UTF_8), type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Session value '" + name + "' does not read as " + type.getSimpleName()
          + ": " + e.getMessage(), e);
    }
  }

  /** Whether a value is stored under {@code name}. */
  public boolean has(String name) {
    load();
    return values.containsKey(name);
  }

  /** The names of the stored values. */
  public Set<String> names() {
    load();
    return Collections.unmodifiableSet(values.keySet());
  }

  /**
   * Stores {@code value} (not null; use {@link #remove}) under {@code name} as JSON.
   *
   * @throws IllegalArgumentException if the codec can't write it, or (signed-cookie sessions) if
   *     the session would no longer fit in a cookie; the session is then unchanged
   */
  public Session set(String name, Object value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    load();
    if (invalidated) {
      startNew();
    }
    String json = new String(codec().encode(value), StandardCharsets.UTF_8);
    String before = values.put(name, json);
    if (json.equals(before)) {
      return this;
    }
    try {
      owner.backend().checkSize(cookieName, id, data());
    } catch (IllegalArgumentException tooLarge) {
      if (before == null) {
        values.remove(name);
      } else {
        values.put(name, before);
      }
      throw tooLarge;
    }
    changed = true;
    return this;
  }

  /** Removes the value under {@code name}, if any. */
  public Session remove(String name) {
    load();
    if (values.remove(name) != null) {
      changed = true;
    }
    return this;
  }

  /**
   * Gives the session a new id and a fresh absolute timeout, keeping its values, and deletes the
   * old id from the store at once, so a fixated or stolen id stops working. Call it on login.
   */
  public void regenerate() {
    load();
    if (stored) {
      owner.backend().delete(id);
      stored = false;
    }
    id = SessionIds.next();
    createdAt = owner.now();
    invalidated = false;
    changed = true;
  }

  /**
   * Ends the session: its values are gone, its id is deleted from the store and the browser is told
   * to drop the cookie. A later {@link #set} in the same request starts a new session.
   */
  public void invalidate() {
    load();
    if (stored) {
      owner.backend().delete(id);
      stored = false;
    }
    values.clear();
    invalidated = true;
    changed = false;
  }

  private void load() {
    if (loaded) {
      return;
    }
    loaded = true;
    Instant now = owner.now();
    cookieName = owner.cookieName(ctx);
    List<String> sent = Cookies.of(ctx).all(cookieName);
    // A stale cookie for another path can come first; a few tries, never a loop over everything.
    for (int i = 0; i < sent.size() && i < 3 && found == null; i++) {
      found = owner.backend().load(cookieName, sent.get(i), now);
      if (found != null) {
        requestValue = sent.get(i);
      }
    }
    if (found != null) {
      id = found.id();
      createdAt = found.data().createdAt();
      values.putAll(found.data().values());
      stored = true;
    } else {
      staleCookie = !sent.isEmpty();
      startNew();
    }
  }

  private void startNew() {
    id = SessionIds.next();
    createdAt = owner.now();
    values.clear();
    invalidated = false;
  }

  private SessionData data() {
    return new SessionData(createdAt, values);
  }

  private JsonCodec codec() {
    return owner.codec(ctx);
  }

  /** Saves the session if it changed and sets or clears the cookie; the middleware's after-step. */
  void commit() {
    if (!loaded) {
      return;
    }
    Instant now = owner.now();
    if (invalidated || (changed && values.isEmpty() && !stored)) {
      if (requestValue != null || staleCookie) {
        owner.expireCookie(ctx, cookieName);
      }
      return;
    }
    if (changed) {
      String value = owner.backend().save(cookieName, id, data(), now);
      stored = true;
      if (!value.equals(requestValue)) {
        owner.sendCookie(ctx, cookieName, value);
      }
    } else if (found != null && owner.backend().needsRefresh(found, now)) {
      owner.sendCookie(ctx, cookieName, owner.backend().save(cookieName, id, data(), now));
    } else if (found == null && staleCookie) {
      owner.expireCookie(ctx, cookieName);
    }
  }
}
