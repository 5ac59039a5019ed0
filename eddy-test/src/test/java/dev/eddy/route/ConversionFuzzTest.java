package dev.eddy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.eddy.internal.body.TextValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * ConversionFuzzTest feeds arbitrary text to the converters that bind route parameters. A normal
 * run replays {@code src/test/resources/dev/eddy/route/ConversionFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes. Each conversion gives a value of the parameter's type, or an IllegalArgumentException
 * (a 400 naming the parameter); never another exception. Whole numbers round-trip exactly.
 */
class ConversionFuzzTest {
  private static final List<Class<?>> TYPES = List.of(String.class, int.class, Integer.class, long.class, short.class,
      byte.class, double.class, float.class, boolean.class, char.class, BigInteger.class, BigDecimal.class, UUID.class,
      LocalDate.class, LocalDateTime.class, LocalTime.class, Instant.class, OffsetDateTime.class, Month.class);

  @FuzzTest(maxDuration = "1m")
  void textConvertsOrRefusesCleanly(FuzzedDataProvider data) {
    Class<?> type = data.pickValue(TYPES);
    String text = data.consumeRemainingAsString();
    Function<String, Object> converter = TextValues.converter(type);
    Object value;
    try {
      value = converter.apply(text);
    } catch (IllegalArgumentException refused) {
      assertTrue(refused.getMessage().startsWith("must be "), refused.getMessage());
      return;
    }
    Class<?> boxed = type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    assertTrue(boxed.isInstance(value), type + " gave " + value.getClass());
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      assertEquals(new BigInteger(text), BigInteger.valueOf(((Number) value).longValue()));
    }
    if (value instanceof Double d) {
      assertTrue(Double.isFinite(d));
    }
  }
}
