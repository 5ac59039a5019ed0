package dev.eddy.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Asset is one file found under a root, open and ready to send: from a file system (an open
 * {@link FileChannel}, which can go out zero-copy) or from a class path resource in a jar (read as a
 * stream). Its length and validator are taken once, when it is found. Close it unless its channel
 * was handed on with {@link #takeChannel()}.
 */
public final class Asset implements AutoCloseable {
  /** Opener reads a resource that is not a plain file, from its start. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final long length;
  private final long lastModified;
  private final String etag;
  private final Opener opener;
  private FileChannel channel;

  private Asset(FileChannel channel, Opener opener, long length, long lastModified, String etag) {
    this.channel = channel;
    this.opener = opener;
    this.length = length;
    this.lastModified = lastModified;
    this.etag = etag;
  }

  /** A file, validated by its size and modification time. */
  static Asset ofFile(FileChannel channel, long lastModified) throws IOException {
    long length = channel.size();
    return new Asset(channel, null, length, lastModified, etag(length, lastModified));
  }

  /** A resource read through {@code opener}; {@code version} tells its contents apart (a CRC). */
  static Asset ofStream(Opener opener, long length, long lastModified, long version) {
    return new Asset(null, opener, length, lastModified, etag(length, version));
  }

  private static String etag(long length, long version) {
    return "\"" + Long.toHexString(length) + "-" + Long.toHexString(version) + "\"";
  }

  public long length() {
    return length;
  }

  /** Milliseconds since the epoch; 0 when unknown. */
  public long lastModified() {
    return lastModified;
  }

  /** A strong entity tag: {@code "<length>-<mtime or CRC>"}, in hex. */
  public String etag() {
    return etag;
  }

  /** Whether the bytes can go out straight from a file (zero-copy). */
  public boolean isFile() {
    return channel != null;
  }

  /** Hands the open file over to the caller, who closes it from now on. */
  public FileChannel takeChannel() {
    FileChannel c = channel;
    channel = null;
    return c;
  }

  /** A stream of the bytes from {@code position}; the caller closes it (the file stays open). */
  public InputStream open(long position) throws IOException {
    if (channel != null) {
      return new PositionalInput(channel, position);
    }
    InputStream in = opener.open();
    try {
      in.skipNBytes(position);
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  public void close() {
    FileChannel c = takeChannel();
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** PositionalInput reads a file from a position without moving or closing the channel. */
  private static final class PositionalInput extends InputStream {
    private final FileChannel channel;
    private long position;

    PositionalInput(FileChannel channel, long position) {
      this.channel = channel;
      this.position = position;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, len), position);
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }
}
