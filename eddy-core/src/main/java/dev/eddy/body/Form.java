package dev.eddy.body;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Key;
import dev.eddy.internal.body.BodyBytes;
import dev.eddy.internal.body.FormDecoder;
import dev.eddy.internal.body.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Form is a set of form fields, each with its values in the order sent: an
 * {@code application/x-www-form-urlencoded} body ({@link #read}), or the text fields of a
 * multipart form ({@link Multipart#fields()}).
 *
 * <pre>{@code
 * app.post("/search", ctx -> {
 *   Form form = Form.read(ctx);
 *   ctx.text(form.require("q") + " in " + form.all("tag"));
 * });
 * }</pre>
 */
public final class Form {
  private static final Key<Form> READ = Key.of("eddy.form");

  private final Map<String, List<String>> fields;

  Form(Map<String, List<String>> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  /** Reads the request's urlencoded form with {@link FormLimits#defaults()}. */
  public static Form read(Context ctx) {
    return read(ctx, FormLimits.defaults());
  }

  /**
   * Reads the request's {@code application/x-www-form-urlencoded} body: {@code +} is a space,
   * percent-escapes are decoded as bytes in the {@code charset} parameter's charset (UTF-8 by
   * default). Works on buffered and streaming-body routes; a second call returns the same form.
   *
   * @throws HttpException 415 for another content type or an unknown charset, 400 for a malformed
   *     percent-escape or bytes that are not valid in the charset, 413 past a limit (the message
   *     names it: {@code maxBytes}, {@code maxFields}, {@code maxFieldBytes})
   */
  public static Form read(Context ctx, FormLimits limits) {
    Objects.requireNonNull(limits, "limits");
    Form cached = ctx.attr(READ);
    if (cached != null) {
      return cached;
    }
    String header = ctx.header("Content-Type");
    MediaType type = MediaType.parse(header);
    if (type == null || !type.is("application/x-www-form-urlencoded")) {
      String hint = type != null && type.is("multipart/form-data") ? "; read multipart forms with Multipart.read" : "";
      throw new HttpException(415, "Expected Content-Type application/x-www-form-urlencoded, got "
          + MediaType.quote(header) + hint);
    }
    byte[] body = BodyBytes.read(ctx, limits.maxBytes(), "Form body", "maxBytes");
    Form form = new Form(FormDecoder.decode(body, type.charset(StandardCharsets.UTF_8), limits));
    ctx.attr(READ, form);
    return form;
  }

  /** The first value of a field, or null if it was not sent. */
  public String get(String name) {
    List<String> values = fields.get(name);
    return values == null ? null : values.get(0);
  }

  /** The first value of a field; {@link HttpException} 400 naming the field if it was not sent. */
  public String require(String name) {
    String value = get(name);
    if (value == null) {
      throw new HttpException(400, "Missing form field '" + name + "'");
    }
    return value;
  }

  /** Every value of a field, in the order sent; empty if it was not sent. */
  public List<String> all(String name) {
    return fields.getOrDefault(name, List.of());
  }

  /** Whether the field was sent (perhaps empty). */
  public boolean has(String name) {
    return fields.containsKey(name);
  }

  /** The names of the fields sent, in the order first seen. */
  public Set<String> names() {
    return fields.keySet();
  }

  /** Every field with its values, in the order first seen; unmodifiable. */
  public Map<String, List<String>> asMap() {
    return fields;
  }

  @Override
  public String toString() {
    return "Form" + fields;
  }
}
