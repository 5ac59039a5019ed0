package dev.eddy.concurrent;

import java.util.concurrent.CompletionStage;

/**
 * Scheduled is a delayed or periodic call made with {@link Calls#later} or {@link Calls#every}:
 * a handle to cancel it and to learn when it is over.
 */
public interface Scheduled {
  /**
   * Stops it: no further run starts, and a run in progress is interrupted. Returns true if this
   * call stopped it, false if it was over already (cancelled before, its one run done, or failed).
   * Safe from any thread; never blocks.
   */
  boolean cancel();

  /** Whether it is over: cancelled, its one run finished ({@code later}), or a run threw. */
  boolean isDone();

  /** How many runs have finished so far, normally or not. */
  long runs();

  /**
   * Completes when it is over and no run is in progress: with null after {@link #cancel()} or
   * after the single run of {@code later}, exceptionally with what a run threw (which ends a
   * periodic call, like {@link java.util.concurrent.ScheduledExecutorService} does).
   */
  CompletionStage<Void> whenDone();
}
