package dev.eddy.internal.routing;

/**
 * PathParams are the parameter values of a match. For a path without percent-escapes they are
 * kept as offsets into the path and cut out only when asked for, so routing allocates no strings.
 */
public final class PathParams {
  static final PathParams NONE = new PathParams(null, null, new String[0]);

  private final String path;
  private final int[] bounds;
  private final String[] values;

  private PathParams(String path, int[] bounds, String[] values) {
    this.path = path;
    this.bounds = bounds;
    this.values = values;
  }

  /** No parameters. */
  public static PathParams none() {
    return NONE;
  }

  /** Parameters with these values (already decoded), in pattern order. */
  public static PathParams of(String... values) {
    return new PathParams(null, null, values.clone());
  }

  static PathParams ofBounds(String path, int[] bounds) {
    return new PathParams(path, bounds, new String[bounds.length / 2]);
  }

  static PathParams ofValues(String[] values) {
    return new PathParams(null, null, values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(get(i));
    }
    return sb.append(']').toString();
  }

  /** The value of the {@code i}-th parameter of the pattern. */
  public String get(int i) {
    String v = values[i];
    if (v == null && bounds != null) {
      v = path.substring(bounds[2 * i], bounds[2 * i + 1]);
      values[i] = v;
    }
    return v;
  }
}
