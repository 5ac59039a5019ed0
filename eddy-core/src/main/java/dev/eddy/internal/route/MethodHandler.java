package dev.eddy.internal.route;

import dev.eddy.Context;
import dev.eddy.Handler;
import java.lang.invoke.MethodHandle;

/**
 * MethodHandler is a route method made into a plain {@link Handler}: bind each argument, invoke
 * the spread method handle, write the result. Built once, at registration.
 */
final class MethodHandler implements Handler {
  private final String name;
  private final MethodHandle invoker;
  private final ArgBinder[] binders;
  private final ResultWriter writer;

  MethodHandler(String name, MethodHandle invoker, ArgBinder[] binders, ResultWriter writer) {
    this.name = name;
    this.invoker = invoker;
    this.binders = binders;
    this.writer = writer;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    Object[] args = new Object[binders.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = binders[i].bind(ctx);
    }
    Object result;
    try {
      result = (Object) invoker.invokeExact(args);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(name + " threw " + t, t);
    }
    writer.write(ctx, result);
  }

  @Override
  public String toString() {
    return name;
  }
}
