package dev.eddy.internal.app;

import io.netty.channel.Channel;

/**
 * ProtocolSwitch is what replaces HTTP on a connection after a request asked for it: the
 * mechanism behind {@code ctx.upgrade}, {@code ctx.takeover} and WebSocket. The server writes the
 * 101 response (if any) through the HTTP encoder, removes its HTTP handlers, then calls
 * {@link #install} on the event loop; bytes already read but not yet decoded reach the new handlers.
 */
public interface ProtocolSwitch {
  /** Whether a {@code 101 Switching Protocols} response goes out first. */
  boolean sendsSwitchingProtocols();

  /** Adds the new protocol's handlers to the channel's pipeline. Runs on the event loop. */
  void install(Channel channel);

  /**
   * The server is stopping: end the protocol politely (WebSocket sends a 1001 Close). Runs on the
   * event loop, after {@link #install}; what is still open when the shutdown grace ends is closed.
   */
  default void shutdown() {}
}
