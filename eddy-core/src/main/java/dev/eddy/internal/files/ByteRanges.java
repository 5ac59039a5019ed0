package dev.eddy.internal.files;

import java.util.ArrayList;
import java.util.List;

/**
 * ByteRanges parses a {@code Range} header (RFC 9110 section 14) against a representation's
 * length. A header that does not parse, or names another unit, is ignored: the whole
 * representation is sent. Ranges that start past the end are dropped; if none is left the answer is
 * 416. More than {@link #MAX_RANGES} ranges, or ranges that overlap, are refused with 416 too: they
 * are how range requests are abused to multiply a response (RFC 9110 section 14.2 allows it).
 */
public final class ByteRanges {
  /** Most ranges served in one multipart response. */
  public static final int MAX_RANGES = 16;

  /** Range is an inclusive byte range within the representation. */
  public record Range(long first, long last) {
    public long length() {
      return last - first + 1;
    }
  }

  /** What to do with the header. */
  public enum Kind { IGNORE, UNSATISFIABLE, SATISFIABLE }

  /** Parsed is the decision; {@code ranges} is non-empty only when satisfiable, in request order. */
  public record Parsed(Kind kind, List<Range> ranges) {
    static final Parsed IGNORE = new Parsed(Kind.IGNORE, List.of());
    static final Parsed UNSATISFIABLE = new Parsed(Kind.UNSATISFIABLE, List.of());
  }

  private ByteRanges() {}

  public static Parsed parse(String header, long length) {
    if (header == null || length <= 0) {
      return Parsed.IGNORE; // an empty file: 200 with nothing, not 416 (clients add Range to everything)
    }
    int eq = header.indexOf('=');
    if (eq < 0 || !header.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
      return Parsed.IGNORE;
    }
    String[] specs = header.substring(eq + 1).split(",", -1);
    if (specs.length > MAX_RANGES) {
      return Parsed.UNSATISFIABLE;
    }
    List<Range> ranges = new ArrayList<>(specs.length);
    for (String raw : specs) {
      String spec = raw.trim();
      int dash = spec.indexOf('-');
      if (dash < 0) {
        return Parsed.IGNORE;
      }
      String a = spec.substring(0, dash);
      String b = spec.substring(dash + 1);
      if (a.isEmpty()) {
        long suffix = digits(b);
        if (suffix < 0) {
          return Parsed.IGNORE;
        }
        if (suffix > 0) {
          ranges.add(new Range(Math.max(0, length - suffix), length - 1));
        }
        continue;
      }
      long first = digits(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
      if (first < 0 || last < 0 || last < first) {
        return Parsed.IGNORE;
      }
      if (first < length) {
        ranges.add(new Range(first, Math.min(last, length - 1)));
      }
    }
    if (ranges.isEmpty()) {
      return Parsed.UNSATISFIABLE;
    }
    for (int i = 0; i < ranges.size(); i++) {
      for (int j = i + 1; j < ranges.size(); j++) {
        Range x = ranges.get(i);
        Range y = ranges.get(j);
        if (x.first() <= y.last() && y.first() <= x.last()) {
          return Parsed.UNSATISFIABLE;
        }
      }
    }
    return new Parsed(Kind.SATISFIABLE, List.copyOf(ranges));
  }

  /** A run of ASCII digits as a number (capped at Long.MAX_VALUE), or -1 if it is not one. */
  private static long digits(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
    }
    return v;
  }
}
