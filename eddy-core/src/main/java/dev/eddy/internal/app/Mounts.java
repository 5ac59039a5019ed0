package dev.eddy.internal.app;

import dev.eddy.internal.routing.PathDecoder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mounts finds the mount a request path falls under. Mount prefixes are static and never nested
 * inside each other (checked at start), so a path belongs to at most one; it is found with one
 * hash lookup per leading segment, up to the deepest prefix. Prefixes compare decoded, like routes:
 * {@code /bl%6Fg/1} is under {@code /blog}.
 */
final class Mounts {
  private final Map<String, MountPoint> byPrefix = new HashMap<>();
  private final int maxDepth;

  Mounts(List<MountPoint> mounts) {
    int depth = 0;
    for (MountPoint m : mounts) {
      byPrefix.put(m.prefix(), m);
      depth = Math.max(depth, (int) m.prefix().chars().filter(c -> c == '/').count());
    }
    this.maxDepth = depth;
  }

  boolean isEmpty() {
    return byPrefix.isEmpty();
  }

  /**
   * The route for {@code rawPath} when it is under a mount, else null. Throws
   * {@link IllegalArgumentException} for a path whose escapes can't be decoded.
   */
  AppHandler.Lookup lookup(String method, String rawPath) {
    boolean escaped = rawPath.indexOf('%') >= 0;
    String[] decoded = escaped ? PathDecoder.segments(rawPath) : null;
    int end = 0;
    for (int depth = 1; depth <= maxDepth; depth++) {
      end = rawPath.indexOf('/', end + 1);
      int segmentEnd = end < 0 ? rawPath.length() : end;
      if (escaped && decoded[depth - 1].indexOf('/') >= 0) {
        return null; // an escaped '/' stays inside its segment, as in routes
      }
      String prefix = escaped ? "/" + String.join("/", Arrays.copyOf(decoded, depth)) : rawPath.substring(0, segmentEnd);
      MountPoint mount = byPrefix.get(prefix);
      if (mount != null) {
        String relative = segmentEnd == rawPath.length() ? "/" : rawPath.substring(segmentEnd);
        return mount.lookup(method, relative);
      }
      if (end < 0) {
        return null;
      }
    }
    return null;
  }
}
