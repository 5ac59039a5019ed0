package dev.eddy.body;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Violations collects what is wrong with a request value, one reason per field (the first one
 * found), in the order found. The helpers pass quietly on a null value: missing fields are
 * reported before validation runs. {@link #throwIfAny()} turns them into a 400.
 */
public final class Violations {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

  private final Map<String, String> fields = new LinkedHashMap<>();
  private final String prefix;

  public Violations() {
    this("");
  }

  private Violations(String prefix) {
    this.prefix = prefix;
  }

  /** Adds {@code reason} for {@code field} unless {@code ok}. */
  public Violations check(String field, boolean ok, String reason) {
    if (!ok) {
      fields.putIfAbsent(prefix + field, reason);
    }
    return this;
  }

  /** The text must hold something besides whitespace. */
  public Violations notBlank(String field, String value) {
    return check(field, value == null || !value.isBlank(), "must not be blank");
  }

  /** The text must have {@code min} to {@code max} characters (code points). */
  public Violations length(String field, String value, int min, int max) {
    if (value == null) {
      return this;
    }
    int n = value.codePointCount(0, value.length());
    return check(field, n >= min && n <= max, min == 0 ? "must be at most " + max + " characters"
        : "must be " + min + " to " + max + " characters");
  }

  /** The number must be from {@code min} to {@code max}. */
  public Violations range(String field, long value, long min, long max) {
    return check(field, value >= min && value <= max, "must be from " + min + " to " + max);
  }

  /** The text must look like an email address ({@code name@domain.tld}; no deliverability check). */
  public Violations email(String field, String value) {
    return check(field, value == null || (value.length() <= 254 && EMAIL.matcher(value).matches()),
        "must be an email address");
  }

  /** The text must match {@code pattern} as a whole. */
  public Violations matches(String field, String value, Pattern pattern, String reason) {
    return check(field, value == null || pattern.matcher(value).matches(), reason);
  }

  /**
   * Validates a nested value under {@code field}: a {@link Validated} value's violations are named
   * {@code field.inner}, a list's elements {@code field[i].inner}.
   */
  public Violations nested(String field, Object value) {
    if (value instanceof Validated v) {
      Violations inner = new Violations(prefix + field + ".");
      v.validate(inner);
      inner.fields.forEach(fields::putIfAbsent);
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        nested(field + "[" + i + "]", list.get(i));
      }
    }
    return this;
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** Field -> reason, in the order found; unmodifiable. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(fields);
  }

  /** Throws {@link InvalidBodyException} (400 naming each field) if anything was found. */
  public void throwIfAny() {
    if (!fields.isEmpty()) {
      throw new InvalidBodyException("The request has invalid fields", fields);
    }
  }
}
