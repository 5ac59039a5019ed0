package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** BodyBuffer collects a request body as bytes, so no Netty buffer outlives the read. */
final class BodyBuffer {
  private byte[] bytes;
  private int size;

  BodyBuffer(int expected) {
    bytes = new byte[Math.max(16, expected)];
  }

  int size() {
    return size;
  }

  void append(ByteBuf buf) {
    int n = buf.readableBytes();
    if (size + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
    }
    buf.getBytes(buf.readerIndex(), bytes, size, n);
    size += n;
  }

  byte[] toByteArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }
}
