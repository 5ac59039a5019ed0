package dev.eddy.internal.app;

/**
 * MountedFailure carries a failed async stage of a mounted target out to the server, so the
 * target's own error handlers get the first chance at it ({@link ErrorMapper#handle}) before the
 * handlers of the app it is mounted in.
 */
final class MountedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient MountTarget target;
  private final transient Exchange inner;

  MountedFailure(Throwable cause, MountTarget target, Exchange inner) {
    super(cause.getMessage(), cause, false, false);
    this.target = target;
    this.inner = inner;
  }

  MountTarget target() {
    return target;
  }

  Exchange inner() {
    return inner;
  }
}
