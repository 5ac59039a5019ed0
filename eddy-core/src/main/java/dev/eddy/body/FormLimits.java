package dev.eddy.body;

/**
 * FormLimits bound what {@link Form#read} accepts from a client. Immutable; each setter returns a
 * copy: {@code FormLimits.defaults().maxFields(50)}. A body over a limit gets 413 with a message
 * naming the limit.
 *
 * @param maxBytes largest form body, as sent (percent-encoded); 1 MiB by default
 * @param maxFields most fields (name=value pairs); 1,000 by default
 * @param maxFieldBytes largest single name or value, as sent; 256 KiB by default
 */
public record FormLimits(long maxBytes, int maxFields, int maxFieldBytes) {
  public FormLimits {
    if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes must be between 0 and 2 GiB, got " + maxBytes);
    }
    if (maxFields < 1) {
      throw new IllegalArgumentException("maxFields must be positive, got " + maxFields);
    }
    if (maxFieldBytes < 1) {
      throw new IllegalArgumentException("maxFieldBytes must be positive, got " + maxFieldBytes);
    }
  }

  public static FormLimits defaults() {
    return new FormLimits(1 << 20, 1000, 256 * 1024);
  }

  public FormLimits maxBytes(long v) {
    return new FormLimits(v, maxFields, maxFieldBytes);
  }

  public FormLimits maxFields(int v) {
    return new FormLimits(maxBytes, v, maxFieldBytes);
  }

  public FormLimits maxFieldBytes(int v) {
    return new FormLimits(maxBytes, maxFields, v);
  }
}
