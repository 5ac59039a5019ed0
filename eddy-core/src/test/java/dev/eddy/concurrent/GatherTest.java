package dev.eddy.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GatherTest {

  @Test
  void resultsComeInCallOrderWhateverOrderTheyFinishIn() throws Exception {
    List<Callable<String>> calls = List.of(
        () -> { Thread.sleep(150); return "slow"; },
        () -> null,
        () -> { Thread.sleep(50); return "medium"; });
    assertEquals(Arrays.asList("slow", null, "medium"), Calls.gather(calls));
  }

  @Test
  void theCallsRunAtTheSameTime() throws Exception {
    CountDownLatch all = new CountDownLatch(3);
    Callable<Boolean> meet = () -> {
      all.countDown();
      return all.await(5, TimeUnit.SECONDS); // only true if all three run at once
    };
    assertEquals(List.of(true, true, true), Calls.gather(List.of(meet, meet, meet)));
  }

  @Test
  void theFirstFailureCancelsTheOthersAndIsThrownOnceTheyHaveEnded() throws Exception {
    IOException boom = new IOException("boom");
    AtomicInteger interrupted = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    Callable<String> sleeper = () -> {
      try {
        Thread.sleep(10_000);
        return "never";
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      } finally {
        ended.incrementAndGet();
      }
    };
    long start = System.nanoTime();
    IOException thrown = assertThrows(IOException.class, () -> Calls.gather(List.of(
        sleeper, () -> { Thread.sleep(50); throw boom; }, sleeper)));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertSame(boom, thrown, "the failure itself, not a wrapper");
    assertEquals(2, interrupted.get(), "both sleepers were interrupted");
    assertEquals(2, ended.get(), "gather returned only after the cancelled calls had ended");
    assertTrue(millis < 5_000, "cancelled instead of waiting out the sleeps: " + millis + " ms");
  }

  @Test
  void anEmptyListGathersNothing() throws Exception {
    assertEquals(List.of(), Calls.gather(List.<Callable<String>>of()));
  }

  @Test
  void interruptingTheCallerCancelsTheCalls() throws Exception {
    AtomicInteger interrupted = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(2);
    Callable<String> sleeper = () -> {
      started.countDown();
      try {
        Thread.sleep(10_000);
        return "never";
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
    };
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        Calls.gather(List.of(sleeper, sleeper));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    assertTrue(started.await(5, TimeUnit.SECONDS));
    caller.interrupt();
    assertTrue(caller.join(Duration.ofSeconds(5)));
    assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
    assertEquals(2, interrupted.get());
  }

  @Test
  void nullCallsAreRefused() {
    assertThrows(NullPointerException.class, () -> Calls.gather(Arrays.asList(() -> 1, null)));
  }
}
