package dev.eddy.internal.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HistoryRules say which Hub channels keep history and how much, as the hubs' builders take them
 * (InMemoryHub, RedisHub): a channel name, or a prefix ending in {@code *}; an exact name wins,
 * then the longest prefix. Not thread-safe while rules are added; read-only after.
 */
public final class HistoryRules {
  /** The most messages one channel's history may keep. */
  public static final int MAX_HISTORY = 1 << 20;

  /** The longest age a rule tells apart from "any age"; longer ages count as this one. */
  private static final Duration LONGEST_AGE = Duration.ofDays(365 * 100);

  /** One rule: keep at least {@code maxCount} messages, none older than {@code maxAge} (zero: any age). */
  public record Rule(String pattern, int maxCount, Duration maxAge) {
    /** {@link #maxAge} in nanoseconds, at most about a hundred years (so it never overflows); 0: any age. */
    public long maxAgeNanos() {
      return maxAge.compareTo(LONGEST_AGE) > 0 ? LONGEST_AGE.toNanos() : maxAge.toNanos();
    }
  }

  private final Map<String, Rule> exact = new HashMap<>();
  private final List<Rule> prefixes = new ArrayList<>(); // longest first

  /** Adds a rule; throws {@link IllegalArgumentException} naming what is wrong with it. */
  public void add(String channels, int maxCount, Duration maxAge) {
    if (channels == null || channels.isBlank()) {
      throw new IllegalArgumentException("history needs a channel name or prefix*, got "
          + (channels == null ? "null" : "'" + channels + "'"));
    }
    int star = channels.indexOf('*');
    if (star >= 0 && star != channels.length() - 1) {
      throw new IllegalArgumentException("'*' may only end a history pattern (a prefix), got '" + channels + "'");
    }
    if (maxCount < 1 || maxCount > MAX_HISTORY) {
      throw new IllegalArgumentException("history maxCount must be between 1 and " + MAX_HISTORY + ", got " + maxCount);
    }
    if (maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException("history maxAge must be zero (no limit) or positive, got " + maxAge);
    }
    boolean prefix = channels.endsWith("*");
    boolean known = prefix ? prefixes.stream().anyMatch(r -> r.pattern().equals(channels)) : exact.containsKey(channels);
    if (known) {
      throw new IllegalArgumentException("history for '" + channels + "' is already set");
    }
    Rule rule = new Rule(channels, maxCount, maxAge);
    if (prefix) {
      prefixes.add(rule);
      prefixes.sort(Comparator.comparingInt((Rule r) -> r.pattern().length()).reversed());
    } else {
      exact.put(channels, rule);
    }
  }

  /** The rule for {@code channel}, or null if it keeps no history. */
  public Rule forChannel(String channel) {
    Rule r = exact.get(channel);
    if (r != null) {
      return r;
    }
    for (Rule p : prefixes) {
      if (channel.startsWith(p.pattern().substring(0, p.pattern().length() - 1))) {
        return p;
      }
    }
    return null;
  }

  /** A copy, so a built hub does not see later builder calls. */
  public HistoryRules copy() {
    HistoryRules c = new HistoryRules();
    c.exact.putAll(exact);
    c.prefixes.addAll(prefixes);
    return c;
  }
}
