package dev.eddy;

import java.util.Objects;

/** EventLoopHandler marks a handler that runs on the event loop; see {@link Handler#onEventLoop}. */
record EventLoopHandler(Handler delegate) implements Handler {
  EventLoopHandler {
    Objects.requireNonNull(delegate, "handler");
  }

  @Override
  public void handle(Context ctx) throws Exception {
    delegate.handle(ctx);
  }

  @Override
  public boolean runsOnEventLoop() {
    return true;
  }
}
