package dev.eddy.internal.compress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AcceptEncoding is a parsed {@code Accept-Encoding} header (RFC 9110 section 12.5.3): each coding
 * with its quality, {@code *} for codings not named, and {@code identity}. A quality of 0 refuses a
 * coding. Members that do not parse are skipped; a quality that does not parse counts as 0.
 */
public final class AcceptEncoding {
  private final Map<String, Double> qualities;

  private AcceptEncoding(Map<String, Double> qualities) {
    this.qualities = qualities;
  }

  /** Parses a header; null (no header) gives an AcceptEncoding that accepts identity only. */
  public static AcceptEncoding parse(String header) {
    Map<String, Double> q = new LinkedHashMap<>();
    if (header != null) {
      for (String member : header.split(",")) {
        String[] parts = member.split(";");
        String coding = parts[0].trim().toLowerCase(Locale.ROOT);
        if (coding.isEmpty()) {
          continue;
        }
        if (coding.equals("x-gzip")) {
          coding = "gzip"; // RFC 9110 12.5.3: the same coding
        }
        double quality = 1.0;
        for (int i = 1; i < parts.length; i++) {
          String p = parts[i].trim();
          if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
            quality = parseQuality(p.substring(2).trim());
          }
        }
        q.merge(coding, quality, Math::max);
      }
    }
    return new AcceptEncoding(q);
  }

  /** RFC 9110 qvalue: 0 to 1 with at most three decimals; anything else is 0. */
  private static double parseQuality(String v) {
    if (!v.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
      return 0;
    }
    return Double.parseDouble(v);
  }

  /** The quality given to {@code coding} (lower case): its own, else {@code *}'s, else 0. */
  public double quality(String coding) {
    Double q = qualities.get(coding);
    if (q == null) {
      q = qualities.get("*");
    }
    return q == null ? 0 : q;
  }

  /** Whether the client takes the body as is: yes unless identity (or {@code *} with identity unnamed) has q=0. */
  public boolean identityAcceptable() {
    Double q = qualities.get("identity");
    if (q == null) {
      q = qualities.get("*");
    }
    return q == null || q > 0;
  }

  /**
   * The best of {@code offered} (names in the server's order of preference): the highest quality
   * above 0, ties going to the server's order. Null when none is acceptable.
   */
  public String choose(List<String> offered) {
    String best = null;
    double bestQ = 0;
    for (String name : offered) {
      double q = quality(name);
      if (q > bestQ) {
        best = name;
        bestQ = q;
      }
    }
    return best;
  }
}
