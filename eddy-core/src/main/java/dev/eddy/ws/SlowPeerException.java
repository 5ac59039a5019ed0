package dev.eddy.ws;

import java.io.IOException;

/**
 * SlowPeerException fails a send whose message did not fit in the connection's outbound queue:
 * the peer reads more slowly than the app sends. What else happens is the route's
 * {@link SlowPeerPolicy}.
 */
public final class SlowPeerException extends IOException {
  private static final long serialVersionUID = 1L;

  public SlowPeerException(String message) {
    super(message);
  }
}
