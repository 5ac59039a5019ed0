package dev.eddy;

import dev.eddy.internal.app.MountPoint;
import dev.eddy.internal.app.MountState;
import java.time.Duration;
import java.util.Objects;

/**
 * Mount is a sub-app (or a handler, such as a proxy to a remote service) mounted under a path
 * prefix with {@link App#mount(String, App)}; the handle takes it down for maintenance and back
 * while the rest of the app keeps serving:
 *
 * <pre>{@code
 * Mount blog = app.mount("/blog", blogApp);
 * ...
 * blog.maintenance(Duration.ofMinutes(5), "The blog is moving to a new database");
 * blog.awaitIdle(Duration.ofSeconds(30));   // requests already inside run to their end
 * migrate();
 * blog.maintenance(false);
 * }</pre>
 *
 * <p>While in maintenance, every request under the prefix gets {@code 503 Service Unavailable}
 * with {@code Retry-After} and {@code Cache-Control: no-store}: JSON for clients that prefer it,
 * an HTML page for browsers, plain text otherwise. The enclosing app's middleware still runs
 * around it (an access log sees the 503s). A request is held to the state it found when its route
 * was chosen, as its headers arrived: turning maintenance on never cuts a request short.
 *
 * <p>All methods are thread-safe and may be called at any time, before or after start.
 */
public final class Mount {
  /** The {@code Retry-After} of {@link #maintenance(boolean) maintenance(true)}: one minute. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(1);

  private final MountState state;

  Mount(MountState state) {
    this.state = state;
  }

  /** The prefix this mount serves, such as {@code /blog}. */
  public String prefix() {
    return state.prefix();
  }

  /**
   * Turns maintenance on, with {@link #DEFAULT_RETRY_AFTER} and a message naming the prefix, or
   * off. Returns this mount.
   */
  public Mount maintenance(boolean on) {
    return on ? maintenance(DEFAULT_RETRY_AFTER, state.prefix() + " is down for maintenance.") : serve();
  }

  /**
   * Turns maintenance on: requests get 503 with {@code Retry-After} in whole seconds (rounded up)
   * and {@code message}, which is shown to clients. Calling it again replaces both.
   */
  public Mount maintenance(Duration retryAfter, String message) {
    state.maintenance(new MountState.Maintenance(retryAfter, Objects.requireNonNull(message, "message")));
    return this;
  }

  private Mount serve() {
    state.maintenance(null);
    return this;
  }

  public boolean inMaintenance() {
    return state.maintenance() != null;
  }

  /**
   * How many requests are inside the mounted app now: from the start of its middleware until its
   * handler returns. A streamed response counts until its handler returns; the connection of an
   * upgrade (a proxied WebSocket, say) does not count once the 101 has been sent.
   */
  public int inFlight() {
    return state.inFlight();
  }

  /**
   * Waits until no request is {@linkplain #inFlight() inside} the mount, for at most
   * {@code timeout}; returns false if some still were. With maintenance on, nothing new comes in,
   * so this is how to know the mounted app is quiet.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return state.awaitIdle(Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * The prefix under which the app serving {@code ctx} is mounted, prefixes of enclosing mounts
   * included ({@code /api/v1}); empty outside a mount. Inside a mount {@link Context#path()} is
   * relative to it, so {@code basePath(ctx) + ctx.path()} is the path the client asked for.
   */
  public static String basePath(Context ctx) {
    return MountPoint.basePath(Objects.requireNonNull(ctx, "ctx"));
  }

  @Override
  public String toString() {
    return "Mount(" + prefix() + (inMaintenance() ? ", in maintenance" : "") + ")";
  }
}
