package dev.eddy.body;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Upload is one file of a multipart form, already on disk in a temporary file whose name Eddy
 * generated (the client's file name is never used as a path). Eddy deletes the file when the
 * handler is done with the request; {@link #moveTo} keeps it.
 */
public final class Upload {
  private final String field;
  private final String filename;
  private final String contentType;
  private final long size;
  private final Path path;

  Upload(String field, String filename, String contentType, long size, Path path) {
    this.field = field;
    this.filename = filename;
    this.contentType = contentType;
    this.size = size;
    this.path = path;
  }

  /** The form field the file was sent as. */
  public String field() {
    return field;
  }

  /**
   * The file name the client gave, for display only: it may be empty, hold path separators or
   * anything else. Never build a path from it.
   */
  public String filename() {
    return filename;
  }

  /** The part's {@code Content-Type}, or {@code application/octet-stream} if it had none. */
  public String contentType() {
    return contentType;
  }

  /** The file's size in bytes. */
  public long size() {
    return size;
  }

  /** The temporary file; deleted when the handler is done with the request, unless moved. */
  public Path path() {
    return path;
  }

  /** Opens the file for reading. */
  public InputStream open() throws IOException {
    return Files.newInputStream(path);
  }

  /**
   * Moves the file to {@code target} (atomically when both are on one file system, else by copy
   * and delete) so that it outlives the request, and returns {@code target}. Pass
   * {@link StandardCopyOption#REPLACE_EXISTING} to overwrite; without it an existing target
   * throws {@link java.nio.file.FileAlreadyExistsException}.
   */
  public Path moveTo(Path target, CopyOption... options) throws IOException {
    Objects.requireNonNull(target, "target");
    CopyOption[] atomic = Arrays.copyOf(options, options.length + 1);
    atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
    boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
    if (!replace && Files.exists(target)) {
      throw new java.nio.file.FileAlreadyExistsException(target.toString());
    }
    try {
      return Files.move(path, target, atomic);
    } catch (AtomicMoveNotSupportedException e) {
      return Files.move(path, target, options);
    }
  }

  @Override
  public String toString() {
    return "Upload[" + field + ", '" + filename + "', " + contentType + ", " + size + " bytes]";
  }
}
