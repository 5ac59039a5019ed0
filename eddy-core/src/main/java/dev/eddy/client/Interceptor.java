package dev.eddy.client;

import java.io.IOException;

/**
 * Interceptor sits between a call and the network, like OkHttp's: it sees each request on its way
 * out and its response on the way back, and can change either, retry, or log.
 *
 * <pre>{@code
 * Interceptor trace = chain -> chain.proceed(chain.request().withHeader("X-Trace-Id", newId()));
 * Http http = Http.builder().interceptor(trace).interceptor(Retry.defaults()).build();
 * }</pre>
 *
 * Interceptors run in the order they were added, on the caller's thread; the first added is the
 * outermost. The contract, enforced with an {@link IllegalStateException} naming the interceptor:
 * call {@link Chain#proceed} exactly once for the response you return. Calling it again is allowed
 * only after the previous call failed or its response was closed (that is how {@link Retry} tries
 * again); returning without calling it, or calling it while an earlier response is still open
 * (which would leak its connection), is a bug.
 */
@FunctionalInterface
public interface Interceptor {
  Response intercept(Chain chain) throws IOException, InterruptedException;

  /** The name used in contract violations and logs; the class name by default. */
  default String name() {
    Class<?> type = getClass();
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      String outer = name.substring(0, lambda);
      return "lambda in " + outer.substring(outer.lastIndexOf('.') + 1);
    }
    return type.getSimpleName().isEmpty() ? name : type.getSimpleName();
  }

  /** Chain is the rest of the way to the network, as one interceptor sees it. */
  interface Chain {
    /** The request as it reached this interceptor. */
    Request request();

    /** Sends {@code request} through the interceptors after this one and the network. */
    Response proceed(Request request) throws IOException, InterruptedException;
  }
}
