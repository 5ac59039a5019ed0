package dev.eddy.internal.app;

import dev.eddy.Context;
import dev.eddy.internal.html.Html;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MaintenancePage answers a request to a mount in maintenance: {@code 503 Service Unavailable}
 * with {@code Retry-After} (whole seconds) and {@code Cache-Control: no-store}, as JSON for clients
 * that prefer it, an HTML page for browsers, plain text otherwise.
 */
final class MaintenancePage {
  private MaintenancePage() {}

  static void write(Context ctx, MountState.Maintenance m) {
    long seconds = (m.retryAfter().toMillis() + 999) / 1000;
    ctx.status(503)
        .header("Retry-After", Long.toString(seconds))
        .header("Cache-Control", "no-store");
    String accept = ctx.header("Accept");
    if (ErrorResponses.wantsJson(accept)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", 503);
      body.put("error", m.message());
      body.put("retryAfter", seconds);
      ctx.json(body);
    } else if (accept != null && accept.contains("text/html")) {
      ctx.html(html(m.message(), seconds));
    } else {
      ctx.text(m.message() + "\n");
    }
  }

  private static String html(String message, long seconds) {
    return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Down for maintenance</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;line-height:1.5}</style></head>
        <body>
        <h1>Down for maintenance</h1>
        <p id="maintenance-message">%s</p>
        <p>Please try again in %s.</p>
        </body>
        </html>
        """.formatted(Html.escape(message), seconds == 1 ? "1 second" : seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes");
  }
}
