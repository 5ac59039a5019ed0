package dev.eddy.examples;

/** Env reads configuration from environment variables, failing clearly on bad values. */
final class Env {
  private Env() {}

  static String string(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  static int integer(String name, int fallback) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Environment variable " + name + " must be a whole number, got '" + v + "'");
    }
  }

  /** A yes/no switch: 1, true, yes, on (any case) or 0, false, no, off. */
  static boolean flag(String name, boolean fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("Environment variable " + name + " must be 1/0, true/false, yes/no or on/off, got '" + v + "'");
    };
  }
}
