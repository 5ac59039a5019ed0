package dev.eddy.template.jte;

import dev.eddy.template.Renderer;
import dev.eddy.template.TemplateException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateNotFoundException;
import gg.jte.output.WriterOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import gg.jte.resolve.ResourceCodeResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JteRenderer renders <a href="https://jte.gg">jte</a> templates: compiled to Java classes, with
 * typed parameters ({@code @param Post post}) and contextual HTML escaping of every {@code ${...}}
 * (in text, attributes and URLs alike). Names may leave out the {@code .jte} extension:
 * {@code render("post", Map.of("post", post))}. Model values must have the types the template
 * declares. Errors come as {@link TemplateException} with the template's line.
 *
 * <p>{@link #fromDirectory} and {@link #fromClasspath} compile each template on first use (they
 * need a JDK at run time, for {@code javax.tools}); a template changed on disk is recompiled. For
 * production, precompile with jte's Maven plugin and pass
 * {@code TemplateEngine.createPrecompiled(ContentType.Html)} to {@link #of}.
 */
public final class JteRenderer implements Renderer {
  private static final Pattern WHERE = Pattern.compile("([\\w./-]+\\.jte):(\\d+)");

  private final TemplateEngine engine;

  private JteRenderer(TemplateEngine engine) {
    this.engine = engine;
  }

  /**
   * Templates in {@code dir}, compiled into a temporary class directory when first rendered (deleted
   * when the process exits).
   */
  public static JteRenderer fromDirectory(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Template directory " + dir.toAbsolutePath() + " does not exist");
    }
    return new JteRenderer(TemplateEngine.create(new DirectoryCodeResolver(dir), classDirectory(), ContentType.Html));
  }

  /** Templates as class path resources under {@code root} (such as {@code templates}). */
  public static JteRenderer fromClasspath(String root) {
    Objects.requireNonNull(root, "root");
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return new JteRenderer(TemplateEngine.create(new ResourceCodeResolver(root, loader), classDirectory(),
        ContentType.Html, loader));
  }

  /**
   * A renderer on an engine configured elsewhere, such as a precompiled one. It must be made with
   * {@link ContentType#Html}, or nothing is escaped.
   */
  public static JteRenderer of(TemplateEngine engine) {
    return new JteRenderer(Objects.requireNonNull(engine, "engine"));
  }

  /** Compiled-template directories this process made, deleted when it exits. */
  private static final java.util.Set<Path> CLASS_DIRECTORIES = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> CLASS_DIRECTORIES.forEach(JteRenderer::deleteTree),
        "eddy-jte-cleanup"));
  }

  private static Path classDirectory() {
    try {
      Path dir = Files.createTempDirectory("eddy-jte-");
      CLASS_DIRECTORIES.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Can't create a directory for compiled templates", e);
    }
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort at exit: a leftover temp directory is harmless
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void render(String name, Map<String, ?> model, Writer out) throws IOException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    String file = name.endsWith(".jte") ? name : name + ".jte";
    try {
      engine.render(file, (Map<String, Object>) model, new WriterOutput(out));
    } catch (TemplateNotFoundException e) {
      throw new TemplateException(file, 0, "not found (" + e.getMessage() + ")", e);
    } catch (gg.jte.TemplateException e) {
      throw translate(file, e);
    }
  }

  /** Turns jte's message ("Failed to render x.jte, error at x.jte:3", compiler output) into one line. */
  private static TemplateException translate(String file, gg.jte.TemplateException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher where = WHERE.matcher(message);
    String template = file;
    int line = 0;
    if (where.find()) {
      template = where.group(1);
      line = Integer.parseInt(where.group(2));
    }
    String problem;
    if (message.startsWith("Failed to compile")) {
      problem = "does not compile: " + compilerError(message);
    } else if (e.getCause() != null) {
      problem = "failed while rendering: " + e.getCause();
    } else {
      problem = message.lines().reduce((a, b) -> b).orElse(message).trim();
    }
    return new TemplateException(template, line, problem, e);
  }

  /** The compiler's first "error:" line, with the symbol it could not find when there is one. */
  private static String compilerError(String message) {
    String error = null;
    for (String line : message.lines().toList()) {
      String t = line.trim();
      int at = t.indexOf("error: ");
      if (error == null && at >= 0) {
        error = t.substring(at + 7);
      } else if (error != null && t.startsWith("symbol:")) {
        return error + " (" + t + ")";
      }
    }
    if (error != null) {
      return error;
    }
    String last = message.lines().reduce((a, b) -> b).orElse(message).trim();
    return last.isEmpty() ? message : last;
  }
}
