package dev.eddy.redis.internal;

/**
 * StreamIds maps Redis stream ids ({@code ms-seq}) to Eddy's long ids and back. Hub channels use
 * {@code ms * 1000 + seq} (their publish script keeps seq below 1000), which increases with the
 * stream id and stays below 2<sup>53</sup>, exact in JavaScript; task logs use {@code n-0} for event
 * {@code n}.
 */
public final class StreamIds {
  private StreamIds() {}

  /** The long id of a Hub stream id {@code ms-seq}. */
  public static long toLong(String streamId) {
    int dash = streamId.indexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("Not a stream id: '" + streamId + "'");
    }
    long ms = Long.parseLong(streamId, 0, dash, 10);
    long seq = Long.parseLong(streamId, dash + 1, streamId.length(), 10);
    if (seq >= 1000) {
      throw new IllegalArgumentException("Stream id '" + streamId + "' was not made by Eddy's hub (sequence >= 1000)");
    }
    return ms * 1000 + seq;
  }

  /** The Hub stream id of a long id. */
  public static String of(long id) {
    return (id / 1000) + "-" + (id % 1000);
  }

  /** The stream id of task event {@code n}. */
  public static String event(long n) {
    return n + "-0";
  }

  /** The event number of a task log stream id {@code n-0}. */
  public static long eventNumber(String streamId) {
    int dash = streamId.indexOf('-');
    return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
  }

  /** Compares two stream ids ({@code ms-seq}) in stream order. */
  public static int compare(String a, String b) {
    int da = a.indexOf('-');
    int db = b.indexOf('-');
    int byMs = Long.compare(Long.parseLong(a, 0, da < 0 ? a.length() : da, 10),
        Long.parseLong(b, 0, db < 0 ? b.length() : db, 10));
    if (byMs != 0) {
      return byMs;
    }
    return Long.compare(da < 0 ? 0 : Long.parseLong(a, da + 1, a.length(), 10),
        db < 0 ? 0 : Long.parseLong(b, db + 1, b.length(), 10));
  }
}
