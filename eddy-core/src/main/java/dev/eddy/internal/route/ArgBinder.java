package dev.eddy.internal.route;

import dev.eddy.Context;

/**
 * ArgBinder produces one argument of a route method from the exchange. It throws
 * {@link dev.eddy.HttpException} 400 naming the parameter when the request does not provide it.
 */
@FunctionalInterface
interface ArgBinder {
  Object bind(Context ctx) throws Exception;
}
