package dev.eddy;

import java.util.Objects;

/** StreamingBodyHandler marks a handler that reads its body as a stream; see {@link Handler#streamingBody}. */
record StreamingBodyHandler(Handler delegate, long maxBytes) implements Handler {
  StreamingBodyHandler {
    Objects.requireNonNull(delegate, "handler");
    if (delegate.runsOnEventLoop()) {
      throw new IllegalArgumentException("A streaming-body handler blocks while it reads; it can't run on the event loop");
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
    }
  }

  @Override
  public void handle(Context ctx) throws Exception {
    delegate.handle(ctx);
  }
}
