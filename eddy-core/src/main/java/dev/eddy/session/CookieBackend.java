package dev.eddy.session;

import dev.eddy.cookie.SigningKeys;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * CookieBackend keeps the whole session in its cookie: Base64url of the id, the time the cookie
 * was issued and the {@link SessionData}, signed with {@link SigningKeys}. Nothing is kept on the
 * server, so {@link #delete} can't revoke a copy of an old cookie: a copy stays valid until its
 * idle or absolute timeout. Signed, not encrypted: the client can read the session.
 */
final class CookieBackend implements SessionBackend {
  /** Browsers keep at least 4096 bytes of a cookie's name and value together (RFC 6265 6.1). */
  static final int MAX_COOKIE_BYTES = 4096;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SigningKeys keys;
  private final Duration idle;
  private final Duration absolute;
  private final Duration refreshAfter;

  CookieBackend(SigningKeys keys, Duration idle, Duration absolute) {
    this.keys = keys;
    this.idle = idle;
    this.absolute = absolute;
    // Re-send an unchanged cookie at most once a minute (or twice per idle period if shorter).
    Duration half = idle.dividedBy(2);
    this.refreshAfter = half.compareTo(Duration.ofMinutes(1)) < 0 ? half : Duration.ofMinutes(1);
  }

  @Override
  public Loaded load(String cookieName, String cookieValue, Instant now) {
    String payload = keys.verify(cookieName, cookieValue);
    if (payload == null) {
      return null;
    }
    Loaded loaded = decode(payload);
    try {
      if (loaded == null
          || !loaded.lastSeen().plus(idle).isAfter(now)
          || !loaded.data().createdAt().plus(absolute).isAfter(now)) {
        return null;
      }
    } catch (java.time.DateTimeException | ArithmeticException outOfRange) {
      return null;
    }
    return loaded;
  }

  @Override
  public String save(String cookieName, String id, SessionData data, Instant now) {
    return keys.sign(cookieName, encode(id, data, now));
  }

  @Override
  public void delete(String id) {
    // Nothing on the server: the middleware expires the cookie.
  }

  @Override
  public void checkSize(String cookieName, String id, SessionData data) {
    int size = cookieName.length() + 1 + keys.sign(cookieName, encode(id, data, Instant.EPOCH)).length();
    if (size > MAX_COOKIE_BYTES) {
      throw new IllegalArgumentException("The session would take " + size + " bytes as a signed cookie, over the "
          + MAX_COOKIE_BYTES + "-byte limit browsers keep; store less in it or use a server-side SessionStore");
    }
  }

  @Override
  public boolean needsRefresh(Loaded loaded, Instant now) {
    return !loaded.lastSeen().plus(refreshAfter).isAfter(now);
  }

  private static String encode(String id, SessionData data, Instant now) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBytes(id); // 43 ASCII characters
      out.writeLong(now.getEpochSecond());
      out.write(data.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return B64.encodeToString(bytes.toByteArray());
  }

  /** Reads what {@link #encode} wrote; null if it is not that (only a key holder could sign it). */
  private static Loaded decode(String payload) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(payload);
      if (bytes.length < SessionIds.LENGTH + 8) {
        return null;
      }
      String id = new String(bytes, 0, SessionIds.LENGTH, StandardCharsets.ISO_8859_1);
      if (!SessionIds.isWellFormed(id)) {
        return null;
      }
      long issued = ByteBuffer.wrap(bytes, SessionIds.LENGTH, 8).getLong();
      SessionData data = SessionData.fromBytes(Arrays.copyOfRange(bytes, SessionIds.LENGTH + 8, bytes.length));
      return new Loaded(id, data, Instant.ofEpochSecond(issued));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return null;
    }
  }
}
