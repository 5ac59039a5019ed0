package dev.eddy.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FirstOfTest {

  @Test
  void theFirstSuccessWinsAndTheOthersAreCancelled() throws Exception {
    AtomicInteger interrupted = new AtomicInteger();
    Callable<String> slow = () -> {
      try {
        Thread.sleep(10_000);
        return "slow";
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
    };
    long start = System.nanoTime();
    String winner = Calls.firstOf(List.of(slow, () -> { Thread.sleep(50); return "quick"; }, slow));
    assertEquals("quick", winner);
    assertEquals(2, interrupted.get(), "the losers were interrupted, and had ended by the return");
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
  }

  @Test
  void aFailureDoesNotWinOverALaterSuccess() throws Exception {
    assertEquals("late", Calls.firstOf(List.of(
        () -> { throw new IOException("early failure"); },
        () -> { Thread.sleep(100); return "late"; })));
  }

  @Test
  void whenEveryCallFailsTheFirstFailureIsThrownWithTheOthersSuppressed() {
    IOException first = new IOException("first");
    IOException second = new IOException("second");
    IOException thrown = assertThrows(IOException.class, () -> Calls.firstOf(List.<Callable<String>>of(
        () -> { throw first; },
        () -> { Thread.sleep(100); throw second; })));
    assertSame(first, thrown);
    assertEquals(List.of(second), List.of(thrown.getSuppressed()));
  }

  @Test
  void anEmptyListIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Calls.firstOf(List.<Callable<String>>of()));
  }
}
