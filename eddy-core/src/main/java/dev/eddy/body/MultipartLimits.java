package dev.eddy.body;

import java.nio.file.Path;
import java.util.Objects;

/**
 * MultipartLimits bound what {@link Multipart#read} accepts and say where uploaded files go.
 * Immutable; each setter returns a copy: {@code MultipartLimits.defaults().maxFileBytes(100 << 20)}.
 * A body over a byte or count limit gets 413, with a message naming the limit.
 *
 * <p>The route's own body limit applies first: {@link dev.eddy.ServerOptions#maxBodyBytes()} (10
 * MiB by default) on a buffered route, the {@code maxBytes} of {@link dev.eddy.Handler#streamingBody}
 * on a streaming one, which is where large uploads belong.
 *
 * @param tempDir where uploaded files are written (created if missing); the system temporary
 *     directory by default
 * @param maxFileBytes largest single file; 32 MiB by default
 * @param maxTotalBytes largest multipart body, as sent; 64 MiB by default
 * @param maxParts most parts, fields and files together; 100 by default
 * @param maxFiles most file parts; 10 by default
 * @param maxFieldBytes largest text field, held in memory; 64 KiB by default
 * @param maxPartHeaderBytes largest header block of one part; 1 KiB by default
 */
public record MultipartLimits(
    Path tempDir,
    long maxFileBytes,
    long maxTotalBytes,
    int maxParts,
    int maxFiles,
    int maxFieldBytes,
    int maxPartHeaderBytes) {

  public MultipartLimits {
    Objects.requireNonNull(tempDir, "tempDir");
    if (maxFileBytes < 0) {
      throw new IllegalArgumentException("maxFileBytes must not be negative, got " + maxFileBytes);
    }
    if (maxTotalBytes < 0) {
      throw new IllegalArgumentException("maxTotalBytes must not be negative, got " + maxTotalBytes);
    }
    positive("maxParts", maxParts);
    if (maxFiles < 0) {
      throw new IllegalArgumentException("maxFiles must not be negative, got " + maxFiles);
    }
    positive("maxFieldBytes", maxFieldBytes);
    if (maxPartHeaderBytes < 64) {
      throw new IllegalArgumentException("maxPartHeaderBytes must be at least 64, got " + maxPartHeaderBytes);
    }
  }

  public static MultipartLimits defaults() {
    return new MultipartLimits(Path.of(System.getProperty("java.io.tmpdir")), 32L << 20, 64L << 20, 100, 10,
        64 * 1024, 1024);
  }

  public MultipartLimits tempDir(Path v) {
    return new MultipartLimits(v, maxFileBytes, maxTotalBytes, maxParts, maxFiles, maxFieldBytes, maxPartHeaderBytes);
  }

  public MultipartLimits maxFileBytes(long v) {
    return new MultipartLimits(tempDir, v, maxTotalBytes, maxParts, maxFiles, maxFieldBytes, maxPartHeaderBytes);
  }

  public MultipartLimits maxTotalBytes(long v) {
    return new MultipartLimits(tempDir, maxFileBytes, v, maxParts, maxFiles, maxFieldBytes, maxPartHeaderBytes);
  }

  public MultipartLimits maxParts(int v) {
    return new MultipartLimits(tempDir, maxFileBytes, maxTotalBytes, v, maxFiles, maxFieldBytes, maxPartHeaderBytes);
  }

  public MultipartLimits maxFiles(int v) {
    return new MultipartLimits(tempDir, maxFileBytes, maxTotalBytes, maxParts, v, maxFieldBytes, maxPartHeaderBytes);
  }

  public MultipartLimits maxFieldBytes(int v) {
    return new MultipartLimits(tempDir, maxFileBytes, maxTotalBytes, maxParts, maxFiles, v, maxPartHeaderBytes);
  }

  public MultipartLimits maxPartHeaderBytes(int v) {
    return new MultipartLimits(tempDir, maxFileBytes, maxTotalBytes, maxParts, maxFiles, maxFieldBytes, v);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
