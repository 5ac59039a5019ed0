package dev.eddy.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.session.SessionData;
import dev.eddy.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SessionStoreContract is the {@link SessionStore} contract as tests every store runs, on the real
 * clock (a shared store's expiry is the server's): entries round-trip, expire after their TTL,
 * a load restarts the idle clock, a delete forgets. Each test takes a couple of seconds.
 */
public abstract class SessionStoreContract {
  private static final SessionData DATA =
      new SessionData(Instant.now().truncatedTo(ChronoUnit.MILLIS), Map.of("user", "\"ada ✓\"", "n", "42"));

  /** A store, and with {@link #peer}, another instance's view of the same sessions. */
  protected abstract SessionStore store() throws Exception;

  /** Another instance of the store, sharing its entries (the store itself when there is one process). */
  protected abstract SessionStore peer() throws Exception;

  @Test
  public void whatOneInstanceSavesAnotherLoadsUntilItIsDeleted() throws Exception {
    SessionStore a = store();
    SessionStore b = peer();
    a.save("s1", DATA, Duration.ofMinutes(5));
    assertEquals(DATA, b.load("s1", Duration.ofMinutes(5)));
    b.save("s1", new SessionData(DATA.createdAt(), Map.of("user", "\"bob\"")), Duration.ofMinutes(5));
    assertEquals("\"bob\"", a.load("s1", Duration.ofMinutes(5)).values().get("user"), "the later save wins");
    a.delete("s1");
    assertNull(b.load("s1", Duration.ofMinutes(5)));
    b.delete("never-there");
    assertNull(a.load("never-there", Duration.ofMinutes(5)));
  }

  @Test
  public void anEntryExpiresAfterItsTtlUnlessALoadRestartsTheIdleClock() throws Exception {
    SessionStore a = store();
    SessionStore b = peer();
    a.save("idle", DATA, Duration.ofMillis(1200));
    a.save("used", DATA, Duration.ofMillis(1200));
    Thread.sleep(700);
    assertEquals(DATA, b.load("used", Duration.ofMillis(1200)), "loaded before it expired: 1.2 s more");
    Thread.sleep(700);
    assertNull(b.load("idle", Duration.ofMillis(1200)), "1.4 s without a load: gone");
    assertEquals(DATA, a.load("used", Duration.ofMillis(1200)), "0.7 s since its last load");
    Thread.sleep(1400);
    assertNull(a.load("used", Duration.ofMillis(1200)));
  }

  @Test
  public void aNonPositiveTtlIsRefused() throws Exception {
    SessionStore a = store();
    assertThrows(IllegalArgumentException.class, () -> a.save("x", DATA, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> a.save("x", DATA, Duration.ofSeconds(-1)));
  }
}
