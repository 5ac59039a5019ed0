package dev.eddy.internal.route;

import dev.eddy.Context;
import java.util.concurrent.CompletionStage;

/** ResultWriter turns a route method's return value into the response, chosen by return type. */
@FunctionalInterface
interface ResultWriter {
  void write(Context ctx, Object result);

  static ResultWriter forType(Class<?> type) {
    if (type == void.class || type == Void.class) {
      return (ctx, result) -> { };
    }
    if (CompletionStage.class.isAssignableFrom(type)) {
      return (ctx, result) -> {
        if (result == null) {
          ctx.status(204);
        } else {
          ctx.async((CompletionStage<?>) result);
        }
      };
    }
    return ResultWriter::value;
  }

  /** A value: text, octets, JSON; null is 204. Does nothing if the method already responded. */
  private static void value(Context ctx, Object result) {
    if (ctx.responded() && result == null) {
      return;
    }
    switch (result) {
      case null -> ctx.status(204);
      case String s -> ctx.text(s);
      case byte[] b -> ctx.bytes(b, "application/octet-stream");
      default -> ctx.json(result);
    }
  }
}
