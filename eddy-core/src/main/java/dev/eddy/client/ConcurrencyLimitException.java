package dev.eddy.client;

import java.io.IOException;

/**
 * ConcurrencyLimitException says a request waited longer than the client's {@code maxWait} for a
 * place under its concurrency limit, and was not sent.
 */
public final class ConcurrencyLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  public ConcurrencyLimitException(String message) {
    super(message);
  }
}
