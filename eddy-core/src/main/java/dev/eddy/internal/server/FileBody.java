package dev.eddy.internal.server;

import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * FileBody is a response body sent straight from a file ({@code Exchange.sendFile}): {@code count}
 * bytes from {@code position}. It owns the open channel, which leaves exactly once: handed to Netty
 * as a file region (which closes it when written or failed), or closed when the body is dropped.
 */
final class FileBody {
  private final FileChannel channel;
  private final long position;
  private final long count;
  private final AtomicBoolean taken = new AtomicBoolean();

  private FileBody(FileChannel channel, long position, long count) {
    this.channel = channel;
    this.position = position;
    this.count = count;
  }

  /**
   * A body of {@code count} bytes from {@code position}. Closes the channel and throws
   * {@link IllegalArgumentException} if the range is outside the file.
   */
  static FileBody of(FileChannel channel, long position, long count) {
    try {
      long size = channel.size();
      if (position < 0 || count < 0 || position > size - count) {
        throw new IllegalArgumentException("File range " + position + "+" + count + " is outside the file ("
            + size + " bytes)");
      }
      return new FileBody(channel, position, count);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  long count() {
    return count;
  }

  /** Closes the file unless it was already taken or dropped. Any thread, any number of times. */
  void drop() {
    if (taken.compareAndSet(false, true)) {
      closeQuietly(channel);
    }
  }

  /**
   * The messages of the response: {@code head}, the file (none for HEAD or a dropped body), and the
   * end. The file goes as a region, copied by the kernel, when {@code zeroCopy}; otherwise (TLS,
   * which must encrypt every byte in the JVM) as 16 KiB chunks that the pipeline's
   * {@code ChunkedWriteHandler} reads as the socket takes them. Loop only; once.
   */
  List<Object> messages(HttpResponse head, boolean headRequest, boolean zeroCopy) {
    List<Object> parts = new ArrayList<>(3);
    parts.add(head);
    if (taken.compareAndSet(false, true)) {
      if (headRequest || count == 0) {
        closeQuietly(channel);
      } else {
        parts.add(zeroCopy ? new DefaultFileRegion(channel, position, count) : chunks());
      }
    }
    parts.add(LastHttpContent.EMPTY_LAST_CONTENT);
    return parts;
  }

  private ChunkedNioFile chunks() {
    try {
      return new ChunkedNioFile(channel, position, count, 16 * 1024);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(e);
    }
  }

  static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was sent through it
    }
  }
}
