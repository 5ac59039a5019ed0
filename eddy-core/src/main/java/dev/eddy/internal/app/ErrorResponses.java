package dev.eddy.internal.app;

import dev.eddy.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ErrorResponses writes an error body: JSON {@code {"status": 404, "error": "..."}} for clients
 * that ask for JSON, plain text otherwise.
 */
public final class ErrorResponses {
  private ErrorResponses() {}

  public static void write(Context ctx, int status, String message) {
    String text = message == null || message.isBlank() ? StatusText.of(status) : message;
    ctx.status(status);
    if (wantsJson(ctx.header("Accept"))) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", status);
      body.put("error", text);
      ctx.json(body);
    } else {
      ctx.text(text + "\n");
    }
  }

  static boolean wantsJson(String accept) {
    if (accept == null) {
      return false;
    }
    int json = accept.indexOf("json");
    int html = accept.indexOf("text/html");
    return json >= 0 && (html < 0 || json < html);
  }
}
