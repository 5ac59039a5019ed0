package dev.eddy.template;

/**
 * TemplateException says that a template could not be found, compiled or rendered, naming the
 * template and, when the engine knows it, the line: {@code Template 'post.jte', line 12: ...}.
 * It is a server error (500), never shown to clients.
 */
public class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String template;
  private final int line;

  /** {@code line} is 1-based, or 0 when unknown. */
  public TemplateException(String template, int line, String problem, Throwable cause) {
    super("Template '" + template + "'" + (line > 0 ? ", line " + line : "") + ": " + problem, cause);
    this.template = template;
    this.line = line;
  }

  /** The template's name, as the renderer knows it. */
  public String template() {
    return template;
  }

  /** The 1-based line the problem is on, or 0 when unknown. */
  public int line() {
    return line;
  }
}
