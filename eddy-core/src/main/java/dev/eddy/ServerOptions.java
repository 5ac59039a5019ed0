package dev.eddy;

import java.time.Duration;
import java.util.Objects;

/**
 * ServerOptions are the server's limits and timeouts. Immutable; each setter returns a copy:
 *
 * <pre>{@code
 * app.options(ServerOptions.defaults().maxBodyBytes(1 << 20).handlerTimeout(Duration.ofSeconds(5)));
 * }</pre>
 *
 * @param host address to bind, {@code 0.0.0.0} by default
 * @param maxRequestLineBytes longest request line; longer gets 414
 * @param maxHeaderBytes largest header block; larger gets 431
 * @param maxHeaderCount most header fields; more gets 431
 * @param maxBodyBytes largest request body, counted as it arrives (chunked too); larger gets 413
 * @param idleTimeout how long a keep-alive connection may sit without a request
 * @param headerReadTimeout how long a client may take to send a request's headers (slowloris)
 * @param handlerTimeout how long a handler may take before the client gets 503; zero disables
 * @param maxConnections most open connections; the next gets 503 and is closed
 * @param maxPipelinedRequests requests queued on one connection before reading pauses (one read of
 *     at most 64 KiB already taken from the socket is still decoded)
 * @param shutdownGrace how long {@link App#stop()} waits for in-flight requests
 * @param eventLoopThreads Netty event loop threads; 0 means one per core
 * @param nativeTransport use epoll where available (NIO otherwise)
 */
public record ServerOptions(
    String host,
    int maxRequestLineBytes,
    int maxHeaderBytes,
    int maxHeaderCount,
    long maxBodyBytes,
    Duration idleTimeout,
    Duration headerReadTimeout,
    Duration handlerTimeout,
    int maxConnections,
    int maxPipelinedRequests,
    Duration shutdownGrace,
    int eventLoopThreads,
    boolean nativeTransport) {

  public ServerOptions {
    Objects.requireNonNull(host, "host");
    positive("maxRequestLineBytes", maxRequestLineBytes);
    positive("maxHeaderBytes", maxHeaderBytes);
    positive("maxHeaderCount", maxHeaderCount);
    if (maxBodyBytes < 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBodyBytes must be between 0 and 2 GiB, got " + maxBodyBytes);
    }
    positive("idleTimeout", idleTimeout);
    positive("headerReadTimeout", headerReadTimeout);
    Objects.requireNonNull(handlerTimeout, "handlerTimeout");
    if (handlerTimeout.isNegative()) {
      throw new IllegalArgumentException("handlerTimeout must not be negative");
    }
    positive("maxConnections", maxConnections);
    positive("maxPipelinedRequests", maxPipelinedRequests);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (eventLoopThreads < 0) {
      throw new IllegalArgumentException("eventLoopThreads must be >= 0, got " + eventLoopThreads);
    }
  }

  /** Safe defaults for a public-facing server. */
  public static ServerOptions defaults() {
    return new ServerOptions(
        "0.0.0.0", 8192, 16384, 100, 10L << 20,
        Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30),
        10_000, 64, Duration.ofSeconds(10), 0, true);
  }

  public ServerOptions host(String v) {
    return new ServerOptions(v, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions maxRequestLineBytes(int v) {
    return new ServerOptions(host, v, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions maxHeaderBytes(int v) {
    return new ServerOptions(host, maxRequestLineBytes, v, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions maxHeaderCount(int v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, v, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions maxBodyBytes(long v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, v, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions idleTimeout(Duration v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, v, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions headerReadTimeout(Duration v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, v, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions handlerTimeout(Duration v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, v, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions maxConnections(int v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, v, maxPipelinedRequests, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions maxPipelinedRequests(int v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, v, shutdownGrace, eventLoopThreads, nativeTransport);
  }

  public ServerOptions shutdownGrace(Duration v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, v, eventLoopThreads, nativeTransport);
  }

  public ServerOptions eventLoopThreads(int v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, v, nativeTransport);
  }

  public ServerOptions nativeTransport(boolean v) {
    return new ServerOptions(host, maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, idleTimeout, headerReadTimeout, handlerTimeout, maxConnections, maxPipelinedRequests, shutdownGrace, eventLoopThreads, v);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
