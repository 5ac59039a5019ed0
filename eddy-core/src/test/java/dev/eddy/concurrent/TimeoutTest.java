package dev.eddy.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TimeoutTest {

  @Test
  void aCallThatEndsInTimeReturnsItsValue() throws Exception {
    assertEquals("ok", Calls.timeout(Duration.ofSeconds(5), () -> "ok"));
  }

  @Test
  void aCallThatTakesTooLongIsInterruptedAndAwaitedThenTimeoutIsThrown() {
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean ended = new AtomicBoolean();
    long start = System.nanoTime();
    TimeoutException e = assertThrows(TimeoutException.class, () -> Calls.timeout(Duration.ofMillis(100), () -> {
      try {
        Thread.sleep(10_000);
        return "never";
      } catch (InterruptedException ie) {
        interrupted.set(true);
        throw ie;
      } finally {
        ended.set(true);
      }
    }));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(interrupted.get());
    assertTrue(ended.get(), "the call had ended when timeout() threw");
    assertTrue(millis >= 100 && millis < 5_000, millis + " ms");
    assertEquals("timed out after PT0.1S", e.getMessage());
  }

  @Test
  void aFailureIsThrownAsItIs() {
    IOException failure = new IOException("down");
    assertSame(failure, assertThrows(IOException.class,
        () -> Calls.timeout(Duration.ofSeconds(5), () -> { throw failure; })));
  }

  @Test
  void aNegativeTimeoutIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Calls.timeout(Duration.ofMillis(-1), () -> 1));
  }
}
