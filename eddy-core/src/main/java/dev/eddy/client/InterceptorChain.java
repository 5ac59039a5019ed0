package dev.eddy.client;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * InterceptorChain is the {@link Interceptor.Chain} handed to one interceptor: the interceptors
 * after it, then the network. It enforces the interceptor contract, naming the culprit.
 */
final class InterceptorChain implements Interceptor.Chain {
  /** Network is the last step: the request goes out and its response comes back. */
  @FunctionalInterface
  interface Network {
    Response send(Request request) throws IOException, InterruptedException;
  }

  private final List<Interceptor> interceptors;
  private final int index;
  private final Request request;
  private final Network network;
  private final Interceptor owner;
  private int calls;
  private Response open;

  private InterceptorChain(List<Interceptor> interceptors, int index, Request request, Network network, Interceptor owner) {
    this.interceptors = interceptors;
    this.index = index;
    this.request = request;
    this.network = network;
    this.owner = owner;
  }

  /** Sends {@code request} through every interceptor, then the network. */
  static Response run(List<Interceptor> interceptors, Request request, Network network)
      throws IOException, InterruptedException {
    return new InterceptorChain(interceptors, 0, request, network, null).call(request);
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Response proceed(Request next) throws IOException, InterruptedException {
    Objects.requireNonNull(next, "request");
    if (open != null && !open.isClosedOrDone()) {
      throw new IllegalStateException("Interceptor '" + owner.name() + "' called chain.proceed() again while the "
          + "response of its previous call was still open; close it first");
    }
    calls++;
    open = null;
    Response response = call(next);
    open = response;
    return response;
  }

  private Response call(Request next) throws IOException, InterruptedException {
    if (index == interceptors.size()) {
      return network.send(next);
    }
    Interceptor interceptor = interceptors.get(index);
    InterceptorChain chain = new InterceptorChain(interceptors, index + 1, next, network, interceptor);
    Response response = interceptor.intercept(chain);
    if (chain.calls == 0) {
      if (response != null) {
        response.close();
      }
      throw new IllegalStateException("Interceptor '" + interceptor.name()
          + "' returned without calling chain.proceed(); it must call it exactly once for the response it returns");
    }
    if (response == null) {
      if (chain.open != null) {
        chain.open.close();
      }
      throw new IllegalStateException("Interceptor '" + interceptor.name() + "' returned null instead of a response");
    }
    return response;
  }
}
