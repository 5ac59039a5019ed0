package dev.eddy.redis;

/**
 * RedisUnavailableException says the Redis server could not be reached when connecting: the
 * message names its address and the cause ("Redis at 127.0.0.1:6379 is unreachable: Connection
 * refused"). Later outages are not reported with it; see {@link Redis}.
 */
public final class RedisUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String address;

  public RedisUnavailableException(String address, String reason, Throwable cause) {
    super("Redis at " + address + " is unreachable: " + reason, cause);
    this.address = address;
  }

  /** The server's {@code host:port}. */
  public String address() {
    return address;
  }
}
