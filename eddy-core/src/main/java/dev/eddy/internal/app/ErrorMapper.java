package dev.eddy.internal.app;

import dev.eddy.ErrorHandler;
import dev.eddy.HttpException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ErrorMapper turns exceptions into responses, in one place. A registered handler is found by the
 * exception's class, walking up its superclasses; if it throws, or responds with nothing, the
 * default applies: an {@link HttpException} gives its status and message; anything else a 500 with
 * an error id that is also logged with the stack trace. Stack traces never reach clients.
 */
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger("dev.eddy.errors");

  private final Map<Class<?>, ErrorHandler<?>> handlers = new LinkedHashMap<>();
  private final Map<Class<?>, Optional<ErrorHandler<?>>> resolved = new ConcurrentHashMap<>();

  public <E extends Throwable> void register(Class<E> type, ErrorHandler<? super E> handler) {
    if (handlers.putIfAbsent(type, handler) != null) {
      throw new IllegalArgumentException("An error handler for " + type.getName() + " is already registered");
    }
  }

  /** Whether a handler is registered for this error's class or a superclass. */
  boolean handles(Throwable error) {
    return find(error.getClass()) != null;
  }

  /** Answers {@code error} on {@code ex}. Never throws. */
  public void handle(Throwable error, Exchange ex) {
    if (error instanceof MountedFailure failure) {
      // A mounted target's async stage failed: its own handlers first, then this app's.
      if (failure.target().handleError(failure.getCause(), failure.inner())) {
        return;
      }
      error = failure.getCause();
    }
    if (ex.committed()) {
      log.warn("{} failed after its response started; closing the connection", ex.route().describe(), error);
      ex.abort();
      return;
    }
    ErrorHandler<?> handler = find(error.getClass());
    if (handler != null) {
      try {
        ex.resetResponse();
        invoke(handler, error, ex);
        if (ex.responded()) {
          return;
        }
      } catch (Throwable failure) {
        log.warn("Error handler for {} threw; falling back to the default response",
            error.getClass().getName(), failure);
        if (ex.committed()) {
          ex.abort();
          return;
        }
      }
    }
    respondDefault(error, ex);
  }

  private void respondDefault(Throwable error, Exchange ex) {
    ex.resetResponse();
    if (error instanceof HttpException http) {
      Object body = http.jsonBody();
      if (body != null) {
        ex.status(http.status()).json(body);
      } else {
        ErrorResponses.write(ex, http.status(), http.getMessage());
      }
      return;
    }
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    log.error("Error {} in {} (request {} {})", id, ex.route().describe(), ex.method(), ex.path(), error);
    ErrorResponses.write(ex, 500, "Internal Server Error (error id " + id + ")");
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void invoke(ErrorHandler<?> handler, Throwable error, Exchange ex)
      throws Exception {
    ((ErrorHandler<E>) handler).handle((E) error, ex);
  }

  private ErrorHandler<?> find(Class<?> type) {
    if (handlers.isEmpty()) {
      return null;
    }
    return resolved.computeIfAbsent(type, t -> {
      for (Class<?> c = t; c != null; c = c.getSuperclass()) {
        ErrorHandler<?> h = handlers.get(c);
        if (h != null) {
          return Optional.of(h);
        }
      }
      return Optional.empty();
    }).orElse(null);
  }
}
