package dev.eddy.internal.body;

import dev.eddy.HttpException;
import dev.eddy.body.MultipartLimits;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * MultipartReader reads a {@code multipart/form-data} body as it arrives: Apache Commons
 * FileUpload's streaming iterator splits it into parts (boundaries, part headers, RFC 2231 file
 * names); this class applies Eddy's limits, keeps text fields in memory and writes files to disk.
 * Nothing is buffered beyond one 8 KiB copy buffer and one field.
 */
public final class MultipartReader {
  /** Part is a file written to {@code path}. */
  public record FilePart(String field, String filename, String contentType, long size, Path path) {}

  /** Result is the fields, in order, and the files. */
  public record Result(Map<String, List<String>> fields, List<FilePart> files) {}

  /** Where new files go; a request's {@link TempFiles} in the server. */
  @FunctionalInterface
  public interface FileMaker {
    Path create(Path dir) throws IOException;
  }

  private final MultipartLimits limits;
  private final FileMaker files;

  public MultipartReader(MultipartLimits limits, FileMaker files) {
    this.limits = limits;
    this.files = files;
  }

  /**
   * Reads a whole body. Throws {@link HttpException}: 400 for a malformed body (or one that ended
   * early, {@code contentType} without a boundary), 413 past a limit naming it. On any failure the
   * files written so far are deleted before this returns.
   */
  public Result read(InputStream body, String contentType, long contentLength) {
    MediaType type = MediaType.parse(contentType);
    if (type == null || !type.is("multipart/form-data")) {
      throw new HttpException(415, "Expected Content-Type multipart/form-data, got " + MediaType.quote(contentType));
    }
    String boundary = type.params().get("boundary");
    if (boundary == null || boundary.isEmpty()) {
      throw new HttpException(400, "Malformed multipart body: the Content-Type has no boundary");
    }
    if (boundary.length() > 70) {
      throw new HttpException(400, "Malformed multipart body: the boundary is longer than 70 characters");
    }
    if (contentLength > limits.maxTotalBytes()) {
      throw totalTooLarge();
    }
    Source source = new Source(body, limits.maxTotalBytes(), ("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1));
    List<FilePart> written = new ArrayList<>();
    try {
      Map<String, List<String>> fields = new LinkedHashMap<>();
      FileItemInputIterator parts = new Parser(limits).getItemIterator(context(source, contentType, contentLength));
      int partCount = 0;
      while (parts.hasNext()) {
        FileItemInput part = parts.next();
        if (++partCount > limits.maxParts()) {
          throw new HttpException(413, "Multipart body has more than " + limits.maxParts() + " parts (maxParts)");
        }
        String field = part.getFieldName() == null ? "" : part.getFieldName();
        if (part.isFormField()) {
          fields.computeIfAbsent(field, k -> new ArrayList<>(1)).add(readField(part, field));
        } else {
          FilePart file = writeFile(part, field, written);
          if (file != null) {
            written.add(file);
          }
        }
      }
      if (partCount == 0 && !source.sawEnd()) {
        // FileUpload reads a body without any boundary as a form without parts.
        throw new HttpException(400, "Malformed multipart body: no part and no closing boundary");
      }
      Map<String, List<String>> frozen = new LinkedHashMap<>();
      fields.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new Result(frozen, List.copyOf(written));
    } catch (IOException | RuntimeException e) {
      for (FilePart f : written) {
        deleteQuietly(f.path());
      }
      throw translate(e, source);
    }
  }

  private String readField(FileItemInput part, String field) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = part.getInputStream()) {
      byte[] buf = new byte[8192];
      for (int r; (r = in.read(buf)) >= 0; ) {
        if (out.size() + r > limits.maxFieldBytes()) {
          throw new HttpException(413, "Field '" + FormDecoder.shorten(field) + "' is larger than "
              + limits.maxFieldBytes() + " bytes (maxFieldBytes)");
        }
        out.write(buf, 0, r);
      }
    }
    Charset charset = MediaType.parse(part.getContentType()) instanceof MediaType t
        ? t.charset(StandardCharsets.UTF_8) : StandardCharsets.UTF_8;
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new HttpException(400, "Malformed multipart body: field '" + FormDecoder.shorten(field)
          + "' is not valid " + charset.name());
    }
  }

  /** Writes a file part to disk; null for the empty part a browser sends when no file was chosen. */
  private FilePart writeFile(FileItemInput part, String field, List<FilePart> written) throws IOException {
    String filename = part.getName() == null ? "" : part.getName();
    try (InputStream in = part.getInputStream()) {
      byte[] buf = new byte[8192];
      int first = in.readNBytes(buf, 0, buf.length);
      if (first == 0 && filename.isEmpty()) {
        return null;
      }
      if (written.size() >= limits.maxFiles()) {
        throw new HttpException(413, "Multipart body has more than " + limits.maxFiles() + " files (maxFiles)");
      }
      Path path = files.create(limits.tempDir());
      long size = 0;
      try (OutputStream out = Files.newOutputStream(path)) {
        for (int r = first; r > 0 || (r = in.read(buf)) >= 0; r = 0) {
          size += r;
          if (size > limits.maxFileBytes()) {
            throw new HttpException(413, "File '" + FormDecoder.shorten(field) + "' is larger than "
                + limits.maxFileBytes() + " bytes (maxFileBytes)");
          }
          out.write(buf, 0, r);
        }
      } catch (IOException | RuntimeException e) {
        deleteQuietly(path);
        throw e;
      }
      String type = part.getContentType() == null ? "application/octet-stream" : part.getContentType();
      return new FilePart(field, filename, type, size, path);
    }
  }

  /** The exception to answer with: what the source failed with, else a 400 or 413 for the body. */
  private RuntimeException translate(Exception e, Source source) {
    if (source.failure instanceof HttpException h) {
      return h; // over the total, or the server's own limit or framing check on a streamed body
    }
    if (source.failure instanceof IOException io) {
      return BodyBytes.unreadable(io);
    }
    if (e instanceof HttpException h) {
      return h;
    }
    if (e instanceof FileUploadSizeException) {
      return new HttpException(413, "Multipart part headers larger than " + limits.maxPartHeaderBytes()
          + " bytes (maxPartHeaderBytes)");
    }
    if (e instanceof FileUploadException || e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
      return new HttpException(400, "Malformed multipart body: " + describe(e), e);
    }
    if (e instanceof IOException io) {
      return new java.io.UncheckedIOException("Writing an upload failed: " + io.getMessage(), io);
    }
    return (RuntimeException) e;
  }

  private HttpException totalTooLarge() {
    return new HttpException(413, "Multipart body larger than " + limits.maxTotalBytes() + " bytes (maxTotalBytes)");
  }

  private static String describe(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceAll("\\p{Cntrl}", " ");
    return m.length() > 120 ? m.substring(0, 120) + "..." : m;
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // TempFiles tries again when the request ends
    }
  }

  private static RequestContext context(InputStream in, String contentType, long contentLength) {
    return new RequestContext() {
      @Override
      public String getCharacterEncoding() {
        return StandardCharsets.UTF_8.name();
      }

      @Override
      public long getContentLength() {
        return contentLength;
      }

      @Override
      public String getContentType() {
        return contentType;
      }

      @Override
      public InputStream getInputStream() {
        return in;
      }

      @Override
      public boolean isMultipartRelated() {
        return false;
      }
    };
  }

  /**
   * Source is the body as the parser reads it: it counts bytes against {@code maxTotalBytes} and
   * remembers how the underlying stream failed, since the parser reports a stream that ended or
   * broke as malformed input. It also looks for the closing boundary (KMP over the bytes read),
   * which tells an empty form from a body without any boundary.
   */
  private final class Source extends FilterInputStream {
    private final long max;
    private final byte[] end;
    private final int[] fallback;
    private int matched;
    private boolean sawEnd;
    private long count;
    Exception failure;

    Source(InputStream in, long max, byte[] end) {
      super(in);
      this.max = max;
      this.end = end;
      this.fallback = new int[end.length];
      for (int i = 1, k = 0; i < end.length; i++) {
        while (k > 0 && end[i] != end[k]) {
          k = fallback[k - 1];
        }
        if (end[i] == end[k]) {
          k++;
        }
        fallback[i] = k;
      }
    }

    boolean sawEnd() {
      return sawEnd;
    }

    private void scan(byte[] b, int off, int n) {
      for (int i = off; i < off + n && !sawEnd; i++) {
        while (matched > 0 && b[i] != end[matched]) {
          matched = fallback[matched - 1];
        }
        if (b[i] == end[matched] && ++matched == end.length) {
          sawEnd = true;
        }
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        failure = e;
        throw e;
      }
      if (n > 0) {
        scan(b, off, n);
        count += n;
        if (count > max) {
          HttpException tooLarge = totalTooLarge();
          failure = tooLarge;
          throw tooLarge;
        }
      }
      return n;
    }
  }

  /** Parser is FileUpload's parsing front end, configured for Eddy: sizes are counted here instead. */
  private static final class Parser extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {
    Parser(MultipartLimits limits) {
      setHeaderCharset(StandardCharsets.UTF_8);
      setMaxPartHeaderSize(limits.maxPartHeaderBytes());
      setMaxSize(-1);
      setMaxFileSize(-1);
      setMaxFileCount(-1);
    }

    @Override
    public FileItemInputIterator getItemIterator(RequestContext request) throws FileUploadException, IOException {
      return super.getItemIterator(request);
    }

    @Override
    public Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) {
      throw new UnsupportedOperationException("Eddy reads parts one at a time");
    }

    @Override
    public List<DiskFileItem> parseRequest(RequestContext request) {
      throw new UnsupportedOperationException("Eddy reads parts one at a time");
    }
  }
}
