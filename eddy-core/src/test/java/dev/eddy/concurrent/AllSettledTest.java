package dev.eddy.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AllSettledTest {

  @Test
  void everyCallEndsAndItsOutcomeIsReportedInCallOrder() throws Exception {
    IllegalStateException failure = new IllegalStateException("no");
    AtomicBoolean slowFinished = new AtomicBoolean();
    List<Callable<String>> calls = List.of(
        () -> { throw failure; },
        () -> { Thread.sleep(200); slowFinished.set(true); return "slow"; },
        () -> "fast");
    List<Outcome<String>> outcomes = Calls.allSettled(calls);
    assertTrue(slowFinished.get(), "a failure cancels nothing");
    assertFalse(outcomes.get(0).succeeded());
    assertSame(failure, ((Outcome.Failure<String>) outcomes.get(0)).exception());
    assertEquals(new Outcome.Success<>("slow"), outcomes.get(1));
    assertEquals(new Outcome.Success<>("fast"), outcomes.get(2));
  }
}
