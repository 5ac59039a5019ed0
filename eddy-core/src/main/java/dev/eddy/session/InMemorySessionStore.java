package dev.eddy.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InMemorySessionStore keeps sessions in this process: fast, lost on restart, not shared between
 * instances. It is bounded: past {@code maxSessions} it evicts the least recently used session
 * (and logs that it had to, at most once a minute). Expired entries go when they are looked up, and
 * every minute a sweep, done by whichever call comes first, removes the rest; no thread of its own.
 *
 * <p>Thread-safe: one lock, held only for map operations.
 */
public final class InMemorySessionStore implements SessionStore {
  private static final Logger log = LoggerFactory.getLogger(InMemorySessionStore.class);
  /** The default bound on sessions held. */
  public static final int DEFAULT_MAX_SESSIONS = 100_000;
  private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private record Entry(SessionData data, Instant expiresAt) {}

  private final int maxSessions;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  /** In access order: the eldest entry is the least recently used. */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private Instant nextSweep;
  private Instant nextEvictionLog = Instant.MIN;
  private long evictions;

  /** A store of at most {@value #DEFAULT_MAX_SESSIONS} sessions on the system clock. */
  public InMemorySessionStore() {
    this(DEFAULT_MAX_SESSIONS, Clock.systemUTC());
  }

  /**
   * A store of at most {@code maxSessions} sessions, timed by {@code clock} (give
   * {@link Sessions.Builder#clock} the same one).
   */
  public InMemorySessionStore(int maxSessions, Clock clock) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, got " + maxSessions);
    }
    this.maxSessions = maxSessions;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nextSweep = clock.instant().plus(SWEEP_EVERY);
  }

  @Override
  public SessionData load(String id, Duration idleTimeout) {
    Objects.requireNonNull(id, "id");
    Instant now = clock.instant();
    lock.lock();
    try {
      sweepIfDue(now);
      Entry e = entries.get(id);
      if (e == null) {
        return null;
      }
      if (!e.expiresAt().isAfter(now)) {
        entries.remove(id);
        return null;
      }
      entries.put(id, new Entry(e.data(), now.plus(idleTimeout)));
      return e.data();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void save(String id, SessionData data, Duration ttl) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(data, "data");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("Session ttl must be positive, got " + ttl);
    }
    Instant now = clock.instant();
    lock.lock();
    try {
      sweepIfDue(now);
      entries.put(id, new Entry(data, now.plus(ttl)));
      if (entries.size() > maxSessions) {
        evictOne(now);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(String id) {
    lock.lock();
    try {
      entries.remove(id);
    } finally {
      lock.unlock();
    }
  }

  /** The number of sessions held, expired ones not yet swept included. */
  public int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many live sessions were evicted to stay within the bound. */
  public long evictions() {
    lock.lock();
    try {
      return evictions;
    } finally {
      lock.unlock();
    }
  }

  private void evictOne(Instant now) {
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    Map.Entry<String, Entry> eldest = it.next();
    it.remove();
    if (eldest.getValue().expiresAt().isAfter(now)) {
      evictions++;
      if (now.isAfter(nextEvictionLog)) {
        nextEvictionLog = now.plus(SWEEP_EVERY);
        log.warn("In-memory session store is full ({} sessions); evicting the least recently used ({} so far)",
            maxSessions, evictions);
      }
    }
  }

  private void sweepIfDue(Instant now) {
    if (now.isBefore(nextSweep)) {
      return;
    }
    nextSweep = now.plus(SWEEP_EVERY);
    entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
  }
}
