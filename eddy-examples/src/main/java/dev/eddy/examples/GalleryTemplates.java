package dev.eddy.examples;

import dev.eddy.template.Renderer;
import dev.eddy.template.jte.JteRenderer;

/**
 * GalleryTemplates holds the gallery's jte templates (class path resources under
 * {@code dev/eddy/examples/templates}: the shared {@code layout.jte}, {@code blog/*},
 * {@code admin/*}). One renderer per process: jte compiles each template once, on first use, and
 * keeps the class, so every gallery app in a JVM (tests start many) shares the compiled pages.
 */
final class GalleryTemplates {
  static final String ROOT = "dev/eddy/examples/templates";

  private GalleryTemplates() {}

  private static final class Holder {
    static final Renderer RENDERER = JteRenderer.fromClasspath(ROOT);
  }

  static Renderer renderer() {
    return Holder.RENDERER;
  }
}
