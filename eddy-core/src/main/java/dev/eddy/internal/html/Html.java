package dev.eddy.internal.html;

/** Html escapes text for the pages the framework writes itself (maintenance, task dashboard). */
public final class Html {
  private Html() {}

  /** {@code s} safe in HTML text and in a quoted attribute: {@code & < > " '} become entities. */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
