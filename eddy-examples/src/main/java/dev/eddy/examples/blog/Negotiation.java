package dev.eddy.examples.blog;

import dev.eddy.Context;
import java.util.Locale;

/** Negotiation reads what a request sends and prefers: JSON or HTML. */
final class Negotiation {
  private Negotiation() {}

  /** Whether the client prefers JSON: {@code Accept} names JSON before (or without) HTML. */
  static boolean wantsJson(Context ctx) {
    String accept = ctx.header("Accept");
    if (accept == null) {
      return false;
    }
    int json = accept.indexOf("json");
    int html = accept.indexOf("text/html");
    return json >= 0 && (html < 0 || json < html);
  }

  /** Whether the client is a browser asking for a page: {@code Accept} names HTML, JSON not first. */
  static boolean wantsHtml(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("text/html") && !wantsJson(ctx);
  }

  /**
   * Whether the body is JSON ({@code application/json} or {@code application/*+json}): the types
   * a page on another site can't send without a CORS preflight, which this gallery never grants.
   */
  static boolean isJsonBody(Context ctx) {
    String type = ctx.header("Content-Type");
    if (type == null) {
      return false;
    }
    int semi = type.indexOf(';');
    String mime = (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
  }
}
