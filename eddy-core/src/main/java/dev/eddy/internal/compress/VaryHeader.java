package dev.eddy.internal.compress;

import dev.eddy.Context;

/** VaryHeader adds a field name to a response's {@code Vary} header once, keeping what is there. */
public final class VaryHeader {
  private VaryHeader() {}

  public static void add(Context ctx, String field) {
    String vary = ctx.responseHeader("Vary");
    if (vary == null || vary.isBlank()) {
      ctx.header("Vary", field);
      return;
    }
    for (String part : vary.split(",")) {
      String p = part.trim();
      if (p.equals("*") || p.equalsIgnoreCase(field)) {
        return;
      }
    }
    ctx.header("Vary", vary + ", " + field);
  }
}
