package dev.eddy.internal.files;

import dev.eddy.Context;
import io.netty.handler.codec.DateFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Preconditions evaluates a request's conditional headers against a representation's validators,
 * in the order of RFC 9110 section 13.2.2: If-Match, else If-Unmodified-Since (412 when they
 * fail); then If-None-Match, else If-Modified-Since for GET and HEAD (304 when unchanged). Dates
 * compare in whole seconds, as HTTP dates have no finer grain; a date that does not parse is
 * ignored, as the RFC says. If-Range is checked separately, by {@link #rangeApplies}.
 */
public final class Preconditions {
  /** What to answer. */
  public enum Outcome { PROCEED, NOT_MODIFIED, FAILED }

  private Preconditions() {}

  public static Outcome evaluate(Context ctx, String etag, long lastModifiedMillis) {
    long modified = lastModifiedMillis / 1000;
    boolean safe = ctx.method().equals("GET") || ctx.method().equals("HEAD");
    String ifMatch = ctx.header("If-Match");
    if (ifMatch != null) {
      if (!ifMatch.trim().equals("*") && !anyMatches(ifMatch, etag, true)) {
        return Outcome.FAILED;
      }
    } else {
      Long since = seconds(ctx.header("If-Unmodified-Since"));
      if (since != null && lastModifiedMillis > 0 && modified > since) {
        return Outcome.FAILED;
      }
    }
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifNoneMatch != null) {
      if (ifNoneMatch.trim().equals("*") || anyMatches(ifNoneMatch, etag, false)) {
        return safe ? Outcome.NOT_MODIFIED : Outcome.FAILED;
      }
    } else if (safe && lastModifiedMillis > 0) {
      Long since = seconds(ctx.header("If-Modified-Since"));
      if (since != null && modified <= since) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /**
   * Whether a Range header may be honoured: yes without If-Range; with it, only when it holds the
   * current strong entity tag, or exactly the current Last-Modified date (RFC 9110 13.1.5).
   */
  public static boolean rangeApplies(Context ctx, String etag, long lastModifiedMillis) {
    String ifRange = ctx.header("If-Range");
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      return !v.startsWith("W/") && v.equals(etag);
    }
    Long date = seconds(v);
    return date != null && lastModifiedMillis > 0 && date == lastModifiedMillis / 1000;
  }

  /** Whether a list of entity tags holds {@code etag}: strong comparison, or weak (W/ ignored). */
  static boolean anyMatches(String header, String etag, boolean strong) {
    if (strong && etag.startsWith("W/")) {
      return false;
    }
    String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String tag : entityTags(header)) {
      boolean weak = tag.startsWith("W/");
      if (strong && weak) {
        continue;
      }
      if ((weak ? tag.substring(2) : tag).equals(opaque)) {
        return true;
      }
    }
    return false;
  }

  /** The entity tags in a comma-separated list, each as written ({@code W/"x"} or {@code "x"}); junk skipped. */
  static List<String> entityTags(String header) {
    List<String> tags = new ArrayList<>();
    int i = 0;
    int n = header.length();
    while (i < n) {
      char c = header.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      int start = i;
      if (header.startsWith("W/", i)) {
        i += 2;
      }
      if (i < n && header.charAt(i) == '"') {
        int close = header.indexOf('"', i + 1);
        if (close < 0) {
          break;
        }
        tags.add(header.substring(start, close + 1));
        i = close + 1;
      } else {
        int comma = header.indexOf(',', i);
        i = comma < 0 ? n : comma + 1; // not an entity tag: skip it
      }
    }
    return tags;
  }

  /** An HTTP date (any of the three formats) in seconds since the epoch, or null. */
  static Long seconds(String httpDate) {
    if (httpDate == null) {
      return null;
    }
    Date d = DateFormatter.parseHttpDate(httpDate.trim());
    return d == null ? null : d.getTime() / 1000;
  }

  /** Formats milliseconds since the epoch as an IMF-fixdate. */
  public static String httpDate(long millis) {
    return DateFormatter.format(new Date(millis));
  }
}
