package dev.eddy.internal.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * ChunkedOutput is the stream behind {@code ctx.stream()}: bytes are buffered up to 8 KiB, then
 * sent as one chunk. Before each chunk it waits until the connection is writable, so a slow client
 * slows the writer down instead of growing a buffer. Used from one virtual thread.
 */
final class ChunkedOutput extends OutputStream {
  private static final int CHUNK = 8192;

  private final HttpBridge bridge;
  private final HttpExchange exchange;
  private HttpResponse head;
  private final byte[] buffer = new byte[CHUNK];
  private int count;
  private boolean closed;
  /** The stream the handler writes to when an encoder wraps this one; closing ends it first. */
  private OutputStream outer;

  ChunkedOutput(HttpBridge bridge, HttpExchange exchange, HttpResponse head) {
    this.bridge = bridge;
    this.exchange = exchange;
    this.head = head;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (count == CHUNK) {
      send(false);
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      if (count == CHUNK) {
        send(false);
      }
      int n = Math.min(len, CHUNK - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  /** Sends what is buffered (and the headers, the first time) to the client now. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    send(true);
  }

  /** Records the encoder's stream around this one, so that {@link #close} finishes it first. */
  OutputStream encodedBy(OutputStream encoder) {
    this.outer = encoder;
    return encoder;
  }

  /** Ends the response. Called by Eddy if the handler returns without closing. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    OutputStream encoder = outer;
    if (encoder != null) {
      outer = null;
      encoder.close(); // writes the encoding's trailer, then closes this stream
      if (closed) {
        return;
      }
    }
    try {
      send(false);
      bridge.emit(LastHttpContent.EMPTY_LAST_CONTENT);
      bridge.flushOutbox();
    } finally {
      closed = true;
      exchange.casState(HttpExchange.STREAMING, HttpExchange.DONE);
    }
  }

  /** Cuts the response short: the connection closes, so the client sees it incomplete. */
  void abort() {
    closed = true;
    bridge.abortConnection();
    exchange.casState(HttpExchange.STREAMING, HttpExchange.DONE); // over, if cut short
  }

  private void send(boolean flush) throws IOException {
    if (head != null) {
      bridge.emit(head);
      head = null;
    }
    boolean sent = false;
    if (count > 0 && !exchange.head) {
      bridge.awaitWritable();
      bridge.emit(new DefaultHttpContent(Unpooled.copiedBuffer(buffer, 0, count)));
      sent = true;
    }
    count = 0;
    if (flush || sent) {
      bridge.flushOutbox();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream is closed");
    }
    if (bridge.isClosed()) {
      closed = true;
      throw new IOException("Client closed the connection");
    }
  }
}
