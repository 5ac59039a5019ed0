package dev.eddy.redis.internal;

import dev.eddy.task.TaskInfo;
import dev.eddy.task.TaskPage;
import dev.eddy.task.TaskQuery;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TaskListing pages through a Redis task store's tasks, newest first: the index (a sorted set by
 * creation order) is read 200 at a time and each task's hash checked against the query. A cursor
 * is the creation number to continue below; index entries whose task expired are removed on the
 * way. One page scans at most 10,000 entries; a page that stops there ends with a cursor.
 */
public final class TaskListing {
  private TaskListing() {}

  /**
   * One page of tasks matching {@code query}.
   *
   * @throws IllegalArgumentException if the cursor is not one this made
   */
  public static TaskPage page(RedisCommands<String, String> redis, TaskKeys keys, TaskQuery query) {
    Objects.requireNonNull(query, "query");
    double below = Double.POSITIVE_INFINITY;
    if (query.cursor() != null) {
      below = parseCursor(query.cursor());
    }
    List<TaskInfo> page = new ArrayList<>(Math.min(query.limit(), 64));
    int scanned = 0;
    while (scanned < 10_000) {
      List<ScoredValue<String>> batch = redis.zrevrangebyscoreWithScores(keys.index(),
          Range.create(Double.NEGATIVE_INFINITY, below), Limit.create(0, 200));
      if (batch.isEmpty()) {
        return new TaskPage(page, null);
      }
      for (ScoredValue<String> entry : batch) {
        scanned++;
        below = Math.nextDown(entry.getScore());
        TaskInfo info = TaskHash.info(entry.getValue(), redis.hgetall(keys.hash(entry.getValue())));
        if (info == null) {
          redis.zrem(keys.index(), entry.getValue()); // expired by retention
          continue;
        }
        if (!query.matches(info)) {
          continue;
        }
        if (page.size() == query.limit()) {
          return new TaskPage(page, Long.toString((long) entry.getScore() + 1));
        }
        page.add(info);
      }
      if (batch.size() < 200) {
        return new TaskPage(page, null);
      }
    }
    return new TaskPage(page, Long.toString((long) below + 1)); // a long scan: the rest on the next page
  }

  private static double parseCursor(String cursor) {
    try {
      long seq = Long.parseLong(cursor);
      if (seq > 0) {
        return seq - 1;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("Invalid cursor '" + cursor + "': use the 'next' value of the previous page");
  }
}
