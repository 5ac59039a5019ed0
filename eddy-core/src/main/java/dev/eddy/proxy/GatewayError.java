package dev.eddy.proxy;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Mount;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GatewayError is a failed exchange with the backend as the client sees it: 502 when the backend
 * could not be reached or broke the connection, 504 when it was too slow. It logs why, naming the
 * backend; the client is told which path failed, not where the backend is.
 */
final class GatewayError {
  private static final Logger log = LoggerFactory.getLogger(Remote.class);

  private GatewayError() {}

  static HttpException of(Context ctx, URI target, int status, String why, Throwable cause) {
    String path = Mount.basePath(ctx) + ctx.path();
    log.warn("Proxy {} {} -> {} failed: {} ({})", ctx.method(), path, target, why, status);
    return new HttpException(status, status == 504
        ? "Gateway Timeout: the service behind " + path + " did not answer in time"
        : "Bad Gateway: the service behind " + path + " could not be reached", cause);
  }
}
