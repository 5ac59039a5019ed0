package dev.eddy.template;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Renderer turns a named template and a model into text. Adapters for template engines implement
 * it (module {@code eddy-template-jte}); {@link Templates} serves what it renders. Implementations
 * escape for HTML by default and are safe to share between threads.
 */
public interface Renderer {
  /**
   * Renders template {@code name} with {@code model} (its values by name) into {@code out}.
   *
   * @throws TemplateException naming the template, and its line when known, if the template can't
   *     be found, does not compile, or fails while rendering
   * @throws IOException if {@code out} fails
   */
  void render(String name, Map<String, ?> model, Writer out) throws IOException;

  /** Renders into a string; see {@link #render(String, Map, Writer)}. */
  default String render(String name, Map<String, ?> model) {
    StringWriter out = new StringWriter();
    try {
      render(name, model, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }
}
