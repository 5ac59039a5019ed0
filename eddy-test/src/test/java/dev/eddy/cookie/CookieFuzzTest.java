package dev.eddy.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.eddy.session.SessionData;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * CookieFuzzTest feeds arbitrary input to cookie parsing and signature checks. A normal test run
 * replays the saved inputs under {@code src/test/resources/dev/eddy/cookie/CookieFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes each target for its {@code maxDuration} (see docs/ARCHITECTURE.md).
 */
class CookieFuzzTest {
  private static final byte[] KEY_NEW = "fuzz-key-newest-0123456789abcdefgh".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY_OLD = "fuzz-key-retired-0123456789abcdefg".getBytes(StandardCharsets.US_ASCII);
  private static final SigningKeys ROTATING = SigningKeys.of(KEY_NEW, KEY_OLD);
  private static final SigningKeys NEW = SigningKeys.of(KEY_NEW);
  private static final SigningKeys OLD = SigningKeys.of(KEY_OLD);

  /** Parsing never throws, and strict parsing yields only RFC 6265 names and values. */
  @FuzzTest(maxDuration = "1m")
  void cookieHeadersParseWithoutThrowing(FuzzedDataProvider data) {
    List<String> headers = List.of(data.consumeString(2000), data.consumeRemainingAsString());
    Map<String, List<String>> strict = Cookies.parse(headers, ServerCookieDecoder.STRICT);
    Map<String, List<String>> lax = Cookies.parse(headers, ServerCookieDecoder.LAX);
    strict.forEach((name, values) -> {
      assertFalse(name.isEmpty());
      for (String v : values) {
        assertTrue(v.chars().allMatch(CookieFuzzTest::isCookieOctet), "strict value " + v);
      }
    });
    lax.forEach((name, values) -> assertFalse(values.isEmpty()));
  }

  /**
   * A signed value verifies to what was signed, and anything else verifies only if it is exactly a
   * signature by one of the keys: a tampered value is never accepted, and nothing throws.
   */
  @FuzzTest(maxDuration = "1m")
  void onlyExactSignaturesVerify(FuzzedDataProvider data) {
    String name = data.consumeString(40);
    String value = data.consumeString(200);
    String signed = ROTATING.sign(name, value);
    assertEquals(value, ROTATING.verify(name, signed));
    assertEquals(value, ROTATING.verify(name, OLD.sign(name, value)), "rotation: the old key still verifies");
    String candidate = data.consumeBoolean() ? mutate(signed, data) : data.consumeRemainingAsString();
    String accepted = ROTATING.verify(name, candidate);
    if (accepted != null) {
      assertTrue(candidate.equals(NEW.sign(name, accepted)) || candidate.equals(OLD.sign(name, accepted)),
          "accepted a value no key signed: " + candidate);
    }
  }

  /** Session bytes that decode re-encode to the same bytes; anything else is IllegalArgumentException. */
  @FuzzTest(maxDuration = "1m")
  void sessionDataDecodesOrRefusesCleanly(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    SessionData decoded;
    try {
      decoded = SessionData.fromBytes(bytes);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertEquals(decoded, SessionData.fromBytes(decoded.toBytes()));
  }

  private static String mutate(String s, FuzzedDataProvider data) {
    if (s.isEmpty()) {
      return data.consumeString(10);
    }
    int at = data.consumeInt(0, s.length() - 1);
    char c = data.consumeChar();
    return switch (data.consumeInt(0, 2)) {
      case 0 -> s.substring(0, at) + c + s.substring(at + 1);
      case 1 -> s.substring(0, at) + c + s.substring(at);
      default -> s.substring(0, at) + s.substring(at + 1);
    };
  }

  private static boolean isCookieOctet(int c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b)
        || (c >= 0x5d && c <= 0x7e);
  }
}
