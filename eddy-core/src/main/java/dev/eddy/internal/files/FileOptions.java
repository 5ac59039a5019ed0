package dev.eddy.internal.files;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * FileOptions are the settings of one static file handler.
 *
 * @param cacheControl the Cache-Control value for a path relative to the root (null: none)
 * @param dotfiles whether names starting with '.' are served
 * @param index the file served for a directory
 * @param precompressed whether {@code .br}, {@code .zst} and {@code .gz} siblings are served to
 *     clients that accept them
 * @param mediaTypes Content-Type by extension (lower case, no dot), ahead of the built-in table
 */
public record FileOptions(
    Function<String, String> cacheControl,
    boolean dotfiles,
    String index,
    boolean precompressed,
    Map<String, String> mediaTypes) {

  public FileOptions {
    Objects.requireNonNull(cacheControl, "cacheControl");
    Objects.requireNonNull(index, "index");
    mediaTypes = Map.copyOf(mediaTypes);
  }
}
