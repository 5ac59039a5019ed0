package dev.eddy.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static void awaitDone(Scheduled s) throws Exception {
    s.whenDone().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void laterRunsOnceAfterTheDelay() throws Exception {
    long start = System.nanoTime();
    AtomicLong ranAfter = new AtomicLong();
    Scheduled s = Calls.later(Duration.ofMillis(100), () -> ranAfter.set(System.nanoTime() - start));
    awaitDone(s);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(ranAfter.get()) >= 100, "not before the delay");
    assertEquals(1, s.runs());
    assertTrue(s.isDone());
    assertFalse(s.cancel(), "nothing left to cancel");
  }

  @Test
  void cancellingLaterBeforeItIsDueStopsIt() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    Scheduled s = Calls.later(Duration.ofMillis(200), () -> ran.set(true));
    assertTrue(s.cancel());
    awaitDone(s);
    Thread.sleep(300);
    assertFalse(ran.get());
    assertEquals(0, s.runs());
  }

  @Test
  void everyRunsRepeatedlyUntilCancelled() throws Exception {
    CountDownLatch three = new CountDownLatch(3);
    Scheduled s = Calls.every(Duration.ofMillis(20), three::countDown);
    assertTrue(three.await(5, TimeUnit.SECONDS));
    assertTrue(s.cancel());
    awaitDone(s);
    long runs = s.runs();
    Thread.sleep(100);
    assertEquals(runs, s.runs(), "no run after cancel");
  }

  @Test
  void runsNeverOverlapEvenWhenARunOutlastsThePeriod() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch five = new CountDownLatch(5);
    Scheduled s = Calls.every(Duration.ofMillis(5), () -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      Thread.sleep(30); // six periods
      now.decrementAndGet();
      five.countDown();
    });
    assertTrue(five.await(5, TimeUnit.SECONDS));
    s.cancel();
    awaitDone(s);
    assertEquals(1, most.get());
  }

  @Test
  void cancelInterruptsARunInProgress() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Scheduled s = Calls.later(Duration.ZERO, () -> {
      running.countDown();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
    });
    assertTrue(running.await(5, TimeUnit.SECONDS));
    assertTrue(s.cancel());
    awaitDone(s); // completes normally: the interrupt was ours
    assertTrue(interrupted.get());
  }

  @Test
  void aFailingRunEndsThePeriodicScheduleAndIsReported() throws Exception {
    IllegalStateException failure = new IllegalStateException("broken");
    AtomicInteger calls = new AtomicInteger();
    Scheduled s = Calls.every(Duration.ofMillis(10), () -> {
      if (calls.incrementAndGet() == 2) {
        throw failure;
      }
    });
    ExecutionException e = assertThrows(ExecutionException.class, () -> awaitDone(s));
    assertSame(failure, e.getCause());
    Thread.sleep(50);
    assertEquals(2, calls.get(), "no run after the failure");
    assertTrue(s.isDone());
  }

  @Test
  void badDurationsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Calls.every(Duration.ZERO, () -> { }));
    assertThrows(IllegalArgumentException.class, () -> Calls.later(Duration.ofSeconds(-1), () -> { }));
  }
}
