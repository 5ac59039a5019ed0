package dev.eddy.task;

import dev.eddy.hub.Overflow;

/**
 * WatchOptions bound one watcher's queue of live events. Replayed events (the log after the id it
 * resumes from) come first and don't count.
 *
 * <p>Before the bound applies, a progress event replaces a progress event at the tail of the
 * queue, so progress alone never fills it; only custom events can. The final event is always
 * queued, even into a full queue, so a watcher that keeps up with the rest always learns how the
 * task ended.
 *
 * @param capacity how many live events may wait, 1 to {@link #MAX_CAPACITY}
 * @param overflow what a custom event that finds the queue full does: {@link Overflow#DROP_OLDEST}
 *     drops the oldest queued event and counts it ({@link TaskWatch#dropped()});
 *     {@link Overflow#DISCONNECT} ends the watch with {@link TaskWatch.End#TOO_SLOW}, and the
 *     watcher may watch again from the last id it handled
 */
public record WatchOptions(int capacity, Overflow overflow) {
  /** The largest queue a watcher may have. */
  public static final int MAX_CAPACITY = 1 << 16;

  public WatchOptions {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + ", got " + capacity);
    }
    if (overflow == null) {
      throw new IllegalArgumentException("overflow must not be null");
    }
  }

  /** 256 queued events, the watch ended when full: nothing is ever skipped in silence. */
  public static WatchOptions defaults() {
    return new WatchOptions(256, Overflow.DISCONNECT);
  }

  /** 256 queued events, the oldest dropped when full: for views that only need the latest. */
  public static WatchOptions dropOldest() {
    return new WatchOptions(256, Overflow.DROP_OLDEST);
  }

  public WatchOptions capacity(int capacity) {
    return new WatchOptions(capacity, overflow);
  }
}
