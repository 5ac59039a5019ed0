/** A {@link dev.eddy.template.Renderer} on jte. */
module dev.eddy.template.jte {
  requires transitive dev.eddy.core;
  requires transitive gg.jte;
  requires gg.jte.runtime;

  exports dev.eddy.template.jte;
}
