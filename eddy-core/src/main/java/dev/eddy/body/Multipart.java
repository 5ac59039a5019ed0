package dev.eddy.body;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Key;
import dev.eddy.internal.body.MultipartReader;
import dev.eddy.internal.body.TempFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Multipart is a {@code multipart/form-data} form: its text fields and its files, which are
 * streamed to disk as they arrive. Use it on a streaming-body route, so a large upload never sits
 * in memory (it works on a buffered route too, within the server's body limit):
 *
 * <pre>{@code
 * app.post("/photos", Handler.streamingBody(100 << 20, ctx -> {
 *   Multipart form = Multipart.read(ctx, MultipartLimits.defaults().maxFileBytes(50 << 20));
 *   Upload photo = form.requireFile("photo");
 *   photo.moveTo(library.resolve(UUID.randomUUID() + ".jpg"));
 *   ctx.status(201).text(form.fields().require("title"));
 * }));
 * }</pre>
 *
 * <p>Files land in {@link MultipartLimits#tempDir()} under names Eddy generates, and are deleted
 * when the handler is done with the request, whatever happened: a response, an exception, a client
 * that went away mid-upload; if the handler handed a stage to {@link Context#async}, when that
 * stage completes. {@link Upload#moveTo} keeps a file. A file part with an empty file name and no
 * content (a file input left empty) is skipped.
 */
public final class Multipart {
  private static final Key<Multipart> READ = Key.of("eddy.multipart");

  private final Form fields;
  private final List<Upload> files;

  private Multipart(Form fields, List<Upload> files) {
    this.fields = fields;
    this.files = files;
  }

  /** Reads the request's multipart form with {@link MultipartLimits#defaults()}. */
  public static Multipart read(Context ctx) {
    return read(ctx, MultipartLimits.defaults());
  }

  /**
   * Reads the request's multipart form, blocking while the body arrives. A second call returns
   * the same form.
   *
   * @throws HttpException 415 for another content type; 400 for a malformed body, a field that
   *     is not valid in its charset, or a body that ended early; 413 past a limit, naming it
   *     ({@code maxFileBytes}, {@code maxTotalBytes}, {@code maxParts}, {@code maxFiles},
   *     {@code maxFieldBytes}, {@code maxPartHeaderBytes}), or past the route's body limit
   */
  public static Multipart read(Context ctx, MultipartLimits limits) {
    Objects.requireNonNull(limits, "limits");
    Multipart cached = ctx.attr(READ);
    if (cached != null) {
      return cached;
    }
    TempFiles temp = TempFiles.of(ctx);
    MultipartReader.Result result = new MultipartReader(limits, temp::create)
        .read(ctx.bodyStream(), ctx.header("Content-Type"), contentLength(ctx));
    List<Upload> uploads = new ArrayList<>(result.files().size());
    for (MultipartReader.FilePart f : result.files()) {
      uploads.add(new Upload(f.field(), f.filename(), f.contentType(), f.size(), f.path()));
    }
    Multipart form = new Multipart(new Form(result.fields()), List.copyOf(uploads));
    ctx.attr(READ, form);
    return form;
  }

  private static long contentLength(Context ctx) {
    String value = ctx.header("Content-Length");
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The text fields (parts without a file name), in the order sent. */
  public Form fields() {
    return fields;
  }

  /** Every file, in the order sent. */
  public List<Upload> files() {
    return files;
  }

  /** The files sent as {@code field}, in order; empty if none. */
  public List<Upload> files(String field) {
    return files.stream().filter(f -> f.field().equals(field)).toList();
  }

  /** The first file sent as {@code field}, or null. */
  public Upload file(String field) {
    for (Upload f : files) {
      if (f.field().equals(field)) {
        return f;
      }
    }
    return null;
  }

  /** The first file sent as {@code field}; {@link HttpException} 400 naming the field if none. */
  public Upload requireFile(String field) {
    Upload f = file(field);
    if (f == null) {
      throw new HttpException(400, "Missing file '" + field + "'");
    }
    return f;
  }

  @Override
  public String toString() {
    return "Multipart[fields=" + fields.asMap() + ", files=" + files + "]";
  }
}
