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
}
