package dev.eddy.redis;

import dev.eddy.session.SessionData;
import dev.eddy.session.SessionStore;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RedisSessionStore keeps sessions in Redis, so every instance sees them: {@code load} is
 * {@code GETEX key PX idle} (the hit restarts the idle clock), {@code save} is
 * {@code SET key value PX ttl}, {@code delete} is {@code DEL}. Redis expires the entries; the
 * absolute timeout is checked by {@link dev.eddy.session.Sessions} from the creation time inside
 * the data, exactly as with the in-memory store.
 *
 * <pre>{@code
 * app.use(Sessions.builder().store(new RedisSessionStore(redis)).build());
 * }</pre>
 *
 * <p>Values are {@link SessionData#toBytes()} in Base64 under {@code eddy:session:<id>}. An entry
 * that does not decode (written by something else) reads as no session and is logged. While Redis
 * is unreachable every call throws a {@link io.lettuce.core.RedisException} (fast when the
 * connection is known to be down, after the command timeout when the server does not answer), and
 * the request fails with a 500: sessions are not kept anywhere else meanwhile.
 */
public final class RedisSessionStore implements SessionStore {
  private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);

  private final Redis redis;
  private final String prefix;

  /** A store under the key prefix {@code eddy:session:}. */
  public RedisSessionStore(Redis redis) {
    this(redis, "eddy:session:");
  }

  /** A store under {@code prefix} (1 to 64 characters), for apps that share a Redis but not sessions. */
  public RedisSessionStore(Redis redis, String prefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    if (prefix == null || prefix.isEmpty() || prefix.length() > 64) {
      throw new IllegalArgumentException("prefix must be 1 to 64 characters, got " + prefix);
    }
    this.prefix = prefix;
  }

  @Override
  public SessionData load(String id, Duration idleTimeout) {
    Objects.requireNonNull(id, "id");
    String value = redis.commands().getex(prefix + id, GetExArgs.Builder.px(millis(idleTimeout, "idleTimeout")));
    if (value == null) {
      return null;
    }
    try {
      return SessionData.fromBytes(Base64.getDecoder().decode(value));
    } catch (IllegalArgumentException e) {
      log.warn("Session entry {}{}... in Redis does not decode ({}); treating it as no session", prefix,
          id.substring(0, Math.min(6, id.length())), e.getMessage());
      return null;
    }
  }

  @Override
  public void save(String id, SessionData data, Duration ttl) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(data, "data");
    String value = Base64.getEncoder().encodeToString(data.toBytes());
    redis.commands().set(prefix + id, value, SetArgs.Builder.px(millis(ttl, "ttl")));
  }

  @Override
  public void delete(String id) {
    Objects.requireNonNull(id, "id");
    redis.commands().del(prefix + id);
  }

  @Override
  public String toString() {
    return "RedisSessionStore(" + redis.address() + ", " + prefix + ")";
  }

  private static long millis(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("Session " + what + " must be positive, got " + d);
    }
    return Math.max(1, d.toMillis());
  }
}
