package dev.eddy.auth;

/** Schemes reads an {@code Authorization} header: {@code Scheme credentials}. */
final class Schemes {
  private Schemes() {}

  /**
   * The credentials after {@code scheme} (compared ignoring case, RFC 9110 11.1), or null if the
   * header is absent or names another scheme. Empty when the scheme has no credentials.
   */
  static String credentials(String header, String scheme) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return null;
    }
    if (h.length() == scheme.length()) {
      return "";
    }
    if (h.charAt(scheme.length()) != ' ') {
      return null; // "Basicx ..." is another scheme
    }
    return h.substring(scheme.length() + 1).strip();
  }
}
