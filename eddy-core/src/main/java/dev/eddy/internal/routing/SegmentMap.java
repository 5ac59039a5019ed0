package dev.eddy.internal.routing;

import java.util.Map;

/**
 * SegmentMap maps a path segment to a child node without cutting the segment out of the path:
 * it hashes and compares a region of the request path in place, so a static lookup allocates
 * nothing. Open addressing with linear probing; built once, read-only afterwards.
 */
final class SegmentMap<V> {
  private final String[] keys;
  private final Object[] values;
  private final int mask;

  SegmentMap(Map<String, V> entries) {
    int capacity = Integer.highestOneBit(Math.max(2, entries.size() * 2 - 1)) << 1;
    keys = new String[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    entries.forEach((k, v) -> {
      int i = spread(k.hashCode()) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      values[i] = v;
    });
  }

  /** The value for {@code s[from, to)}, or null. */
  @SuppressWarnings("unchecked")
  V get(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    int len = to - from;
    for (int i = spread(h) & mask; keys[i] != null; i = (i + 1) & mask) {
      String k = keys[i];
      if (k.length() == len && k.regionMatches(0, s, from, len)) {
        return (V) values[i];
      }
    }
    return null;
  }

  V get(String key) {
    return get(key, 0, key.length());
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
