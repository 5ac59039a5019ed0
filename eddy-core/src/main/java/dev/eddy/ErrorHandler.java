package dev.eddy;

/**
 * ErrorHandler turns an exception of type {@code E} into a response. Registered with
 * {@link App#error}; found by the exception's class, walking up its superclasses. If it throws,
 * Eddy falls back to its default error response for the original exception.
 */
@FunctionalInterface
public interface ErrorHandler<E extends Throwable> {
  void handle(E error, Context ctx) throws Exception;
}
