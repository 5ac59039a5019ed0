package dev.eddy.internal.app;

import dev.eddy.Context;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * StreamEncoder decides, as a streamed response starts, whether to encode its body (compression).
 * It is called by {@link Context#stream} before the head is built, with the content type set, so
 * it may still change headers. It returns a function that wraps the raw stream, or null to leave
 * the stream alone. The wrapper's {@code close()} must close the raw stream; Eddy closes the
 * wrapper when the handler returns without closing it.
 */
@FunctionalInterface
public interface StreamEncoder {
  UnaryOperator<OutputStream> begin(Context ctx);
}
