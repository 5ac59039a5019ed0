package dev.eddy.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelMapTest {

  @Test
  void outputsComeInInputOrder() throws Exception {
    List<Integer> inputs = IntStream.range(0, 50).boxed().toList();
    List<Integer> out = Calls.map(inputs, 7, i -> {
      Thread.sleep(ThreadLocalRandom.current().nextInt(10));
      return i * i;
    });
    assertEquals(inputs.stream().map(i -> i * i).toList(), out);
  }

  @Test
  void atMostParallelismInputsRunAtOnceAndThatManyDo() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Calls.map(IntStream.range(0, 40).boxed().toList(), 4, i -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      Thread.sleep(20);
      now.decrementAndGet();
      return i;
    });
    assertEquals(4, most.get(), "bounded by 4, and the bound was used");
  }

  @Test
  void theFirstFailureStopsNewInputsCancelsRunningOnesAndIsThrown() {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    IOException thrown = assertThrows(IOException.class, () -> Calls.map(IntStream.range(0, 100).boxed().toList(), 3, i -> {
      started.incrementAndGet();
      if (i == 5) {
        throw new IOException("input 5");
      }
      if (i < 5) {
        return i;
      }
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
      return i;
    }));
    assertEquals("input 5", thrown.getMessage());
    assertTrue(started.get() <= 8, "inputs after the failure did not start: " + started.get());
    assertEquals(started.get() - 6, interrupted.get(), "every input running after 5 was interrupted");
  }

  @Test
  void noInputsGiveNoOutputs() throws Exception {
    assertEquals(List.of(), Calls.map(List.<String>of(), 4, s -> s));
  }

  @Test
  void parallelismBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Calls.map(List.of(1), 0, i -> i));
  }
}
