package dev.eddy.task;

/** Names checks the names that appear in URLs and event streams: kinds and event types. */
final class Names {
  private Names() {}

  /** Whether {@code s} is non-empty and only {@code A-Z a-z 0-9 . _ -}. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
