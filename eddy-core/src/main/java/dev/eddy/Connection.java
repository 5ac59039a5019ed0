package dev.eddy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/**
 * Connection is a socket that Eddy has handed over to the app, after {@link Context#upgrade}
 * (a 101 Switching Protocols) or {@link Context#takeover} (no HTTP response at all). Its streams
 * block, so the handler runs on a virtual thread of its own; reads block while the peer sends
 * nothing, writes block while the peer is slow to read (backpressure, bounded memory).
 */
public interface Connection extends AutoCloseable {
  /** The bytes the peer sends, starting right after the request that switched protocols. -1 at EOF. */
  InputStream input();

  /** The bytes to send; {@code flush()} sends what is buffered. Throws once the peer has gone. */
  OutputStream output();

  InetSocketAddress remoteAddress();

  /** Flushes and closes the connection. Safe to call more than once, from any thread. */
  @Override
  void close();

  /** Handler runs a handed-over connection; when it returns, the connection is flushed and closed. */
  @FunctionalInterface
  interface Handler {
    void run(Connection connection) throws Exception;
  }
}
