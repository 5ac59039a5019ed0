package dev.eddy.internal.files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * MediaTypes maps file extensions to Content-Type values for the common web types. Text types
 * carry {@code charset=utf-8}; anything unknown is {@code application/octet-stream}, which browsers
 * download rather than render (with {@code nosniff}, they don't guess).
 */
public final class MediaTypes {
  public static final String OCTET_STREAM = "application/octet-stream";
  private static final Map<String, String> BY_EXTENSION = new HashMap<>();

  static {
    text("html", "text/html");
    text("htm", "text/html");
    text("css", "text/css");
    text("js", "text/javascript");
    text("mjs", "text/javascript");
    text("txt", "text/plain");
    text("md", "text/markdown");
    text("csv", "text/csv");
    text("xml", "text/xml");
    text("ics", "text/calendar");
    text("vtt", "text/vtt");
    text("svg", "image/svg+xml");
    put("json", "application/json");
    put("map", "application/json");
    put("jsonld", "application/ld+json");
    put("webmanifest", "application/manifest+json");
    put("wasm", "application/wasm");
    put("pdf", "application/pdf");
    put("zip", "application/zip");
    put("gz", "application/gzip");
    put("tgz", "application/gzip");
    put("tar", "application/x-tar");
    put("br", "application/x-brotli");
    put("zst", "application/zstd");
    put("7z", "application/x-7z-compressed");
    put("png", "image/png");
    put("jpg", "image/jpeg");
    put("jpeg", "image/jpeg");
    put("gif", "image/gif");
    put("webp", "image/webp");
    put("avif", "image/avif");
    put("ico", "image/x-icon");
    put("bmp", "image/bmp");
    put("woff", "font/woff");
    put("woff2", "font/woff2");
    put("ttf", "font/ttf");
    put("otf", "font/otf");
    put("mp4", "video/mp4");
    put("webm", "video/webm");
    put("ogv", "video/ogg");
    put("mp3", "audio/mpeg");
    put("ogg", "audio/ogg");
    put("oga", "audio/ogg");
    put("wav", "audio/wav");
    put("flac", "audio/flac");
    put("m4a", "audio/mp4");
  }

  private MediaTypes() {}

  private static void text(String extension, String type) {
    BY_EXTENSION.put(extension, type + "; charset=utf-8");
  }

  private static void put(String extension, String type) {
    BY_EXTENSION.put(extension, type);
  }

  /** The extension of a file name, lower case, without the dot; empty when there is none. */
  public static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * The Content-Type for a file name: from {@code overrides} (extension to type) first, then the
   * built-in table, else {@code application/octet-stream}.
   */
  public static String of(String fileName, Map<String, String> overrides) {
    String ext = extension(fileName);
    String type = overrides.get(ext);
    if (type == null) {
      type = BY_EXTENSION.get(ext);
    }
    return type == null ? OCTET_STREAM : type;
  }

  /** Adds {@code charset=utf-8} to a {@code text/*} type that names no charset. */
  public static String withCharset(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("text/") && !lower.contains("charset=") ? type + "; charset=utf-8" : type;
  }
}
