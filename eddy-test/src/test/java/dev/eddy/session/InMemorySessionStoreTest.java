package dev.eddy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest {
  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final SessionData DATA = new SessionData(Instant.EPOCH, Map.of("k", "\"v\""));

  @Test
  void pastTheBoundTheLeastRecentlyUsedSessionIsEvicted() {
    MutableClock clock = new MutableClock();
    InMemorySessionStore store = new InMemorySessionStore(3, clock);
    store.save("a", DATA, IDLE);
    store.save("b", DATA, IDLE);
    store.save("c", DATA, IDLE);
    assertNotNull(store.load("a", IDLE), "a is now the most recently used");
    store.save("d", DATA, IDLE);
    assertEquals(3, store.size());
    assertNull(store.load("b", IDLE), "b was least recently used");
    assertNotNull(store.load("a", IDLE));
    assertEquals(1, store.evictions());
  }

  @Test
  void expiredEntriesAreSweptWithoutBeingAskedFor() {
    MutableClock clock = new MutableClock();
    InMemorySessionStore store = new InMemorySessionStore(100, clock);
    for (int i = 0; i < 50; i++) {
      store.save("s" + i, DATA, Duration.ofMinutes(5));
    }
    store.save("long", DATA, Duration.ofHours(1));
    clock.advance(Duration.ofMinutes(10));
    store.save("new", DATA, IDLE);
    assertEquals(2, store.size(), "the sweep removed the 50 expired sessions");
    assertEquals(0, store.evictions(), "expiry is not eviction");
  }

  @Test
  void loadExtendsTheIdleDeadlineAndDeleteForgets() {
    MutableClock clock = new MutableClock();
    InMemorySessionStore store = new InMemorySessionStore(10, clock);
    store.save("a", DATA, Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(9));
    assertNotNull(store.load("a", Duration.ofMinutes(10)));
    clock.advance(Duration.ofMinutes(9));
    assertNotNull(store.load("a", Duration.ofMinutes(10)), "the load restarted the idle clock");
    store.delete("a");
    assertNull(store.load("a", IDLE));
    assertThrows(IllegalArgumentException.class, () -> store.save("x", DATA, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new InMemorySessionStore(0, clock));
  }

  @Test
  void sessionDataRoundTripsAsBytesAndRejectsDamagedBytes() {
    SessionData d = new SessionData(Instant.ofEpochMilli(123456789), Map.of("name", "\"Ada ✓\"", "n", "42"));
    assertEquals(d, SessionData.fromBytes(d.toBytes()));
    byte[] b = d.toBytes();
    assertThrows(IllegalArgumentException.class, () -> SessionData.fromBytes(java.util.Arrays.copyOf(b, b.length - 1)));
    assertThrows(IllegalArgumentException.class, () -> SessionData.fromBytes(java.util.Arrays.copyOf(b, b.length + 1)));
    byte[] lying = b.clone();
    lying[12] = 0x7f; // the attribute count
    assertThrows(IllegalArgumentException.class, () -> SessionData.fromBytes(lying));
    assertThrows(IllegalArgumentException.class, () -> SessionData.fromBytes(new byte[0]));
  }
}
