package dev.eddy.internal.compress;

import java.util.Locale;
import java.util.Set;

/**
 * CompressibleTypes is the default rule for which responses are worth compressing: text (but not
 * event streams, whose events must not wait in a compressor), JSON, XML, JavaScript, SVG, WebAssembly
 * and uncompressed fonts. Images, audio, video, archives and woff/woff2 fonts are compressed
 * already and are left alone.
 */
public final class CompressibleTypes {
  private static final Set<String> OTHERS = Set.of(
      "application/json", "application/javascript", "application/x-javascript", "application/ecmascript",
      "application/xml", "application/wasm", "application/x-ndjson", "application/yaml",
      "application/x-yaml", "application/toml", "application/graphql", "application/rtf",
      "application/x-www-form-urlencoded", "application/vnd.ms-fontobject", "font/ttf", "font/otf",
      "image/x-icon", "image/vnd.microsoft.icon", "image/bmp");

  private CompressibleTypes() {}

  /** The media type of a Content-Type value, lower case, without parameters; "" for null. */
  public static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  public static boolean test(String contentType) {
    String type = mediaType(contentType);
    if (type.startsWith("text/")) {
      return !type.equals("text/event-stream");
    }
    return type.endsWith("+json") || type.endsWith("+xml") || OTHERS.contains(type);
  }
}
