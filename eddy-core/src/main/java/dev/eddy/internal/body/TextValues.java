package dev.eddy.internal.body;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * TextValues turns text from a request (a path or query parameter, a header) into a typed value.
 * Each converter is chosen once, for a type, and then only parses: it returns the value, boxed, or
 * throws {@link IllegalArgumentException} whose message says what the text must be ("must be a
 * whole number"). Parsing is strict: ASCII digits only, no {@code NaN}, no trailing garbage.
 */
public final class TextValues {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,400}");

  private static final Map<Class<?>, Function<String, Object>> SIMPLE = Map.ofEntries(
      Map.entry(String.class, s -> s),
      Map.entry(int.class, s -> (int) integral(s, Integer.MIN_VALUE, Integer.MAX_VALUE)),
      Map.entry(Integer.class, s -> (int) integral(s, Integer.MIN_VALUE, Integer.MAX_VALUE)),
      Map.entry(long.class, s -> integral(s, Long.MIN_VALUE, Long.MAX_VALUE)),
      Map.entry(Long.class, s -> integral(s, Long.MIN_VALUE, Long.MAX_VALUE)),
      Map.entry(short.class, s -> (short) integral(s, Short.MIN_VALUE, Short.MAX_VALUE)),
      Map.entry(Short.class, s -> (short) integral(s, Short.MIN_VALUE, Short.MAX_VALUE)),
      Map.entry(byte.class, s -> (byte) integral(s, Byte.MIN_VALUE, Byte.MAX_VALUE)),
      Map.entry(Byte.class, s -> (byte) integral(s, Byte.MIN_VALUE, Byte.MAX_VALUE)),
      Map.entry(double.class, TextValues::decimal),
      Map.entry(Double.class, TextValues::decimal),
      Map.entry(float.class, s -> (float) decimal(s)),
      Map.entry(Float.class, s -> (float) decimal(s)),
      Map.entry(boolean.class, TextValues::bool),
      Map.entry(Boolean.class, TextValues::bool),
      Map.entry(char.class, TextValues::character),
      Map.entry(Character.class, TextValues::character),
      Map.entry(BigInteger.class, s -> new BigInteger(checked(s, INTEGER, "a whole number"))),
      Map.entry(BigDecimal.class, s -> new BigDecimal(checked(s, DECIMAL, "a number"))),
      Map.entry(UUID.class, TextValues::uuid),
      Map.entry(LocalDate.class, s -> time(s, LocalDate::parse, "a date (2024-01-31)")),
      Map.entry(LocalDateTime.class, s -> time(s, LocalDateTime::parse, "a date and time (2024-01-31T13:45:00)")),
      Map.entry(LocalTime.class, s -> time(s, LocalTime::parse, "a time (13:45)")),
      Map.entry(Instant.class, s -> time(s, Instant::parse, "an instant (2024-01-31T13:45:00Z)")),
      Map.entry(OffsetDateTime.class, s -> time(s, OffsetDateTime::parse, "a date and time with offset (2024-01-31T13:45:00+01:00)")));

  private TextValues() {}

  /** The converter for {@code type}, or null if text can't be turned into one. */
  public static Function<String, Object> converter(Class<?> type) {
    Function<String, Object> simple = SIMPLE.get(type);
    if (simple != null) {
      return simple;
    }
    if (type.isEnum()) {
      return enumConverter(type);
    }
    return null;
  }

  /** Whether {@link #converter} has a converter for {@code type}. */
  public static boolean supports(Class<?> type) {
    return SIMPLE.containsKey(type) || type.isEnum();
  }

  private static long integral(String s, long min, long max) {
    checked(s, INTEGER, "a whole number");
    try {
      long v = Long.parseLong(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException tooLong) {
      // out of range below
    }
    throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
  }

  private static double decimal(String s) {
    double v = Double.parseDouble(checked(s, DECIMAL, "a number"));
    if (Double.isInfinite(v)) {
      throw new IllegalArgumentException("must be a number within range");
    }
    return v;
  }

  private static String checked(String s, Pattern p, String what) {
    if (s.length() > 400 || !p.matcher(s).matches()) {
      throw new IllegalArgumentException("must be " + what);
    }
    return s;
  }

  private static boolean bool(String s) {
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("must be true or false");
  }

  private static char character(String s) {
    if (s.length() != 1) {
      throw new IllegalArgumentException("must be a single character");
    }
    return s.charAt(0);
  }

  private static UUID uuid(String s) {
    if (s.length() != 36) {
      throw new IllegalArgumentException("must be a UUID (8-4-4-4-12 hex digits)");
    }
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be a UUID (8-4-4-4-12 hex digits)");
    }
  }

  private static Object time(String s, Function<String, Object> parse, String what) {
    try {
      return parse.apply(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be " + what);
    }
  }

  /** Enum constants by exact name, else by a case-insensitive match when only one constant fits. */
  private static Function<String, Object> enumConverter(Class<?> type) {
    Object[] constants = type.getEnumConstants();
    Map<String, Object> exact = new java.util.HashMap<>();
    Map<String, Object> folded = new java.util.HashMap<>();
    java.util.Set<String> ambiguous = new java.util.HashSet<>();
    StringBuilder names = new StringBuilder();
    for (Object c : constants) {
      String name = ((Enum<?>) c).name();
      exact.put(name, c);
      String key = name.toLowerCase(Locale.ROOT);
      if (folded.put(key, c) != null) {
        ambiguous.add(key);
      }
      names.append(names.isEmpty() ? "" : ", ").append(name);
    }
    ambiguous.forEach(folded::remove);
    String message = "must be one of " + names;
    return s -> {
      Object v = exact.get(s);
      if (v == null) {
        v = folded.get(s.toLowerCase(Locale.ROOT));
      }
      if (v == null) {
        throw new IllegalArgumentException(message);
      }
      return v;
    };
  }
}
