package dev.eddy.ws;

import dev.eddy.internal.ws.Origins;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * WebSocketOptions bound a WebSocket route. Immutable; each setter returns a copy:
 *
 * <pre>{@code
 * app.ws("/feed", WebSocketOptions.defaults().maxQueuedBytes(256 << 10).slowPeer(SlowPeerPolicy.DROP), handler);
 * }</pre>
 *
 * @param maxFrameBytes largest frame payload accepted; a bigger frame closes the connection with
 *     1009 before its payload is buffered
 * @param maxMessageBytes largest message accepted, fragments joined (and decompressed); bigger
 *     closes the connection with 1009
 * @param pingInterval when nothing has arrived for this long a Ping goes out; if nothing (a Pong
 *     or anything else) arrives within another interval, the peer is taken for dead and the
 *     connection is cut (1006). {@link Duration#ZERO} turns pings off
 * @param closeTimeout how long to wait for the peer's Close frame once ours went out, before the
 *     connection is cut
 * @param maxQueuedBytes most payload bytes sent by the app but not yet written to the socket; a
 *     send that would pass it fails with {@link SlowPeerException} and {@code slowPeer} applies
 * @param slowPeer what else happens when a send does not fit in the queue
 * @param allowedOrigins browser origins allowed besides the server's own, such as
 *     {@code https://app.example.com}; {@code *} allows any. A request whose {@code Origin} is
 *     neither gets 403; one without an {@code Origin} (not a browser) is allowed
 * @param subprotocols subprotocols the route speaks, in order of preference; the first one the
 *     client offers is chosen ({@link WebSocket#subprotocol()}). Empty: none is ever agreed
 * @param compression whether permessage-deflate (RFC 7692) is agreed when the client offers it.
 *     Off by default: each compressing connection holds about 300 KB of zlib state, and compressing
 *     secrets next to attacker-chosen text leaks them (CRIME/BREACH)
 */
public record WebSocketOptions(
    int maxFrameBytes,
    int maxMessageBytes,
    Duration pingInterval,
    Duration closeTimeout,
    long maxQueuedBytes,
    SlowPeerPolicy slowPeer,
    Set<String> allowedOrigins,
    List<String> subprotocols,
    boolean compression) {

  public WebSocketOptions {
    if (maxFrameBytes < 125) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 125, got " + maxFrameBytes);
    }
    if (maxMessageBytes < 125) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 125, got " + maxMessageBytes);
    }
    Objects.requireNonNull(pingInterval, "pingInterval");
    if (pingInterval.isNegative()) {
      throw new IllegalArgumentException("pingInterval must not be negative, got " + pingInterval);
    }
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("closeTimeout must be positive, got " + closeTimeout);
    }
    if (maxQueuedBytes < 1024) {
      throw new IllegalArgumentException("maxQueuedBytes must be at least 1024, got " + maxQueuedBytes);
    }
    Objects.requireNonNull(slowPeer, "slowPeer");
    Set<String> origins = new LinkedHashSet<>();
    for (String origin : Objects.requireNonNull(allowedOrigins, "allowedOrigins")) {
      origins.add(Origins.normalizeAllowed(origin));
    }
    allowedOrigins = Set.copyOf(origins);
    for (String protocol : Objects.requireNonNull(subprotocols, "subprotocols")) {
      if (protocol == null || protocol.isEmpty() || !protocol.chars().allMatch(WebSocketOptions::tokenChar)) {
        throw new IllegalArgumentException("A subprotocol is an HTTP token, got '" + protocol + "'");
      }
    }
    subprotocols = List.copyOf(subprotocols);
  }

  /**
   * 1 MiB frames and messages, a ping after 30 s of silence, 10 s to close, 1 MiB outbound queue
   * closing slow peers with 1008, same-origin browsers only, no subprotocols, no compression.
   */
  public static WebSocketOptions defaults() {
    return new WebSocketOptions(1 << 20, 1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(10),
        1 << 20, SlowPeerPolicy.CLOSE_POLICY_VIOLATION, Set.of(), List.of(), false);
  }

  public WebSocketOptions maxFrameBytes(int v) {
    return new WebSocketOptions(v, maxMessageBytes, pingInterval, closeTimeout, maxQueuedBytes, slowPeer, allowedOrigins, subprotocols, compression);
  }

  public WebSocketOptions maxMessageBytes(int v) {
    return new WebSocketOptions(maxFrameBytes, v, pingInterval, closeTimeout, maxQueuedBytes, slowPeer, allowedOrigins, subprotocols, compression);
  }

  public WebSocketOptions pingInterval(Duration v) {
    return new WebSocketOptions(maxFrameBytes, maxMessageBytes, v, closeTimeout, maxQueuedBytes, slowPeer, allowedOrigins, subprotocols, compression);
  }

  public WebSocketOptions closeTimeout(Duration v) {
    return new WebSocketOptions(maxFrameBytes, maxMessageBytes, pingInterval, v, maxQueuedBytes, slowPeer, allowedOrigins, subprotocols, compression);
  }

  public WebSocketOptions maxQueuedBytes(long v) {
    return new WebSocketOptions(maxFrameBytes, maxMessageBytes, pingInterval, closeTimeout, v, slowPeer, allowedOrigins, subprotocols, compression);
  }

  public WebSocketOptions slowPeer(SlowPeerPolicy v) {
    return new WebSocketOptions(maxFrameBytes, maxMessageBytes, pingInterval, closeTimeout, maxQueuedBytes, v, allowedOrigins, subprotocols, compression);
  }

  /** Replaces the allowed origins: {@code allowedOrigins("https://app.example.com")}, or {@code "*"}. */
  public WebSocketOptions allowedOrigins(String... v) {
    return new WebSocketOptions(maxFrameBytes, maxMessageBytes, pingInterval, closeTimeout, maxQueuedBytes, slowPeer, new LinkedHashSet<>(Arrays.asList(v)), subprotocols, compression);
  }

  public WebSocketOptions subprotocols(String... v) {
    return new WebSocketOptions(maxFrameBytes, maxMessageBytes, pingInterval, closeTimeout, maxQueuedBytes, slowPeer, allowedOrigins, List.of(v), compression);
  }

  public WebSocketOptions compression(boolean v) {
    return new WebSocketOptions(maxFrameBytes, maxMessageBytes, pingInterval, closeTimeout, maxQueuedBytes, slowPeer, allowedOrigins, subprotocols, v);
  }

  private static boolean tokenChar(int c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }
}
