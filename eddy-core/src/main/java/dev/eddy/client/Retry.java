package dev.eddy.client;

import dev.eddy.internal.client.ClientArguments;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retry is an {@link Interceptor} that sends a request again when trying again is safe and likely
 * to help:
 *
 * <ul>
 *   <li><b>which requests</b>: idempotent methods only (GET, HEAD, PUT, DELETE, OPTIONS, TRACE),
 *       with no body or a replayable one. A POST or PATCH is never repeated: the server may have
 *       acted on it already.
 *   <li><b>when</b>: the connection could not be made ({@link ConnectException}, a connect
 *       timeout: the request never reached the server), or the answer was 502, 503 or 504.
 *   <li><b>how long to wait</b>: the response's {@code Retry-After} (seconds or an HTTP date) when
 *       it has one, if that is at most {@link Builder#maxRetryAfter} (a server asking for longer
 *       gets its answer passed on instead); otherwise exponential backoff,
 *       {@code initialBackoff * multiplier^(n-1)} capped at {@code maxBackoff}, less a random share
 *       of up to {@code jitter} of it, so clients that failed together don't return together.
 *   <li><b>how often</b>: at most {@link Builder#maxAttempts} attempts in all; the last answer
 *       (or failure) is passed on.
 * </ul>
 *
 * Where it sits in the chain matters: interceptors added after it see every attempt, those before
 * it see one call. The wait is a sleep on the calling thread (cheap on a virtual thread); an
 * interrupt ends it.
 */
public final class Retry implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(Retry.class);
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
  private static final Set<Integer> RETRIED_STATUSES = Set.of(502, 503, 504);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final double jitter;
  private final Duration maxRetryAfter;

  private Retry(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
  }

  /** 3 attempts, backoff from 200 ms doubling to at most 5 s with 50% jitter, Retry-After up to 30 s. */
  public static Retry defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether a request may be sent again: an idempotent method and a replayable body. */
  public static boolean isRetryable(Request request) {
    return IDEMPOTENT.contains(request.method()) && request.replayable();
  }

  @Override
  public Response intercept(Chain chain) throws IOException, InterruptedException {
    Request request = chain.request();
    if (!isRetryable(request)) {
      return chain.proceed(request);
    }
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = chain.proceed(request);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (attempt >= maxAttempts) {
          throw e;
        }
        Duration wait = backoff(attempt);
        log.debug("{} could not connect ({}); attempt {} of {} in {} ms", request, e, attempt + 1, maxAttempts, wait.toMillis());
        Thread.sleep(wait);
        continue;
      }
      if (!RETRIED_STATUSES.contains(response.status()) || attempt >= maxAttempts) {
        return response;
      }
      Duration wait = retryAfter(response.header("Retry-After"));
      if (wait == null) {
        wait = backoff(attempt);
      } else if (wait.compareTo(maxRetryAfter) > 0) {
        return response; // longer than we are willing to wait: the caller decides
      }
      response.close();
      log.debug("{} answered {}; attempt {} of {} in {} ms", request, response.status(), attempt + 1, maxAttempts, wait.toMillis());
      Thread.sleep(wait);
    }
  }

  /** The wait before attempt {@code attempt + 1}: exponential, capped, with jitter taken off. */
  Duration backoff(int attempt) {
    double full = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
    double capped = Math.min(full, maxBackoff.toMillis());
    double withJitter = capped * (1 - jitter * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(Math.round(withJitter));
  }

  /** A {@code Retry-After} value as a wait (never negative), or null if absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      if (v.chars().allMatch(Character::isDigit)) {
        return Duration.ofSeconds(Long.parseLong(v));
      }
      Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
      return until.isNegative() ? Duration.ZERO : until;
    } catch (NumberFormatException | DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String name() {
    return "Retry";
  }

  /** Builder configures a {@link Retry}. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private double multiplier = 2;
    private double jitter = 0.5;
    private Duration maxRetryAfter = Duration.ofSeconds(30);

    private Builder() {}

    /** Attempts in all, the first included (3). */
    public Builder maxAttempts(int v) {
      maxAttempts = ClientArguments.atLeastOne("maxAttempts", v);
      return this;
    }

    /** The wait before the second attempt, before jitter (200 ms). */
    public Builder initialBackoff(Duration v) {
      initialBackoff = ClientArguments.nonNegative("initialBackoff", v);
      return this;
    }

    /** The longest backoff (5 s). */
    public Builder maxBackoff(Duration v) {
      maxBackoff = ClientArguments.nonNegative("maxBackoff", v);
      return this;
    }

    /** How much each backoff grows (2). */
    public Builder multiplier(double v) {
      if (!(v >= 1)) {
        throw new IllegalArgumentException("multiplier must be at least 1, got " + v);
      }
      multiplier = v;
      return this;
    }

    /** The most of each backoff that is randomly taken off, 0 to 1 (0.5). */
    public Builder jitter(double v) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, got " + v);
      }
      jitter = v;
      return this;
    }

    /** The longest {@code Retry-After} that is waited out (30 s); a longer one is passed on. */
    public Builder maxRetryAfter(Duration v) {
      maxRetryAfter = ClientArguments.nonNegative("maxRetryAfter", v);
      return this;
    }

    public Retry build() {
      return new Retry(this);
    }
  }
}
