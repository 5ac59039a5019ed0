package dev.eddy.body;

import dev.eddy.HttpException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * InvalidBodyException is a 400 that names each field that is wrong and why. Its response is JSON:
 * {@code {"error": "The request has invalid fields", "fields": {"email": "must be an email address"}}}.
 * Its message, for logs, lists the fields too.
 */
public final class InvalidBodyException extends HttpException {
  private static final long serialVersionUID = 1L;
  private final String error;
  private final Map<String, String> fields;

  /** {@code fields} maps each wrong field to why, in the order to show them; it must not be empty. */
  public InvalidBodyException(String error, Map<String, String> fields) {
    super(400, Objects.requireNonNull(error, "error") + ": " + fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("An InvalidBodyException names at least one field");
    }
    this.error = error;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Field -> reason, such as {@code email -> must be an email address}, in order. */
  public Map<String, String> fields() {
    return fields;
  }

  @Override
  public Object jsonBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("fields", fields);
    return body;
  }
}
