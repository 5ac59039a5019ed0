package dev.eddy.internal.body;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * RecordShape checks a decoded JSON tree (maps, lists, strings, numbers, booleans, nulls) against
 * the record it is meant for, before binding, and names every problem by its path
 * ({@code address.zip}, {@code items[2].qty}): a field that is missing or null (unless its type is
 * {@link Optional} or it is annotated {@code @Nullable}), a field the record does not have, a value
 * of the wrong JSON type, a string that does not parse as the field's type (enums, UUIDs, dates).
 * Types it does not know are left to the JSON codec.
 */
public final class RecordShape {
  private static final int MAX_DEPTH = 32;

  private RecordShape() {}

  /** Checks {@code tree} as a {@code type}; adds path -> reason for each problem to {@code problems}. */
  public static void check(Class<?> type, Object tree, Map<String, String> problems) {
    value(type, type, tree, "", problems, 0);
  }

  private static void record(Class<?> type, Map<?, ?> object, String path, Map<String, String> problems, int depth) {
    Set<String> known = new HashSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      String name = jsonName(c);
      known.add(name);
      String at = path.isEmpty() ? name : path + "." + name;
      Object v = object.get(name);
      if (v == null) {
        if (!optional(c)) {
          problems.putIfAbsent(at, "is required");
        }
        continue;
      }
      Class<?> raw = c.getType();
      Type generic = c.getGenericType();
      if (raw == Optional.class) {
        generic = argument(generic, 0);
        raw = rawClass(generic);
      }
      value(raw, generic, v, at, problems, depth + 1);
    }
    for (Object key : object.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        String at = path.isEmpty() ? String.valueOf(key) : path + "." + key;
        problems.putIfAbsent(FormDecoder.shorten(at), "is not a field of " + type.getSimpleName());
      }
    }
  }

  private static void value(Class<?> raw, Type generic, Object v, String path, Map<String, String> problems, int depth) {
    if (v == null || raw == null || raw == Object.class || depth > MAX_DEPTH) {
      return;
    }
    String problem = null;
    if (raw.isRecord()) {
      if (v instanceof Map<?, ?> m) {
        record(raw, m, path, problems, depth);
      } else {
        problem = "must be an object";
      }
    } else if (raw == String.class || raw == char.class || raw == Character.class) {
      problem = v instanceof String ? null : "must be a string";
    } else if (raw == boolean.class || raw == Boolean.class) {
      problem = v instanceof Boolean ? null : "must be true or false";
    } else if (isIntegral(raw)) {
      problem = v instanceof Number n && integral(n) ? null : "must be a whole number";
    } else if (isDecimal(raw)) {
      problem = v instanceof Number ? null : "must be a number";
    } else if (Collection.class.isAssignableFrom(raw) || (raw.isArray() && raw != byte[].class)) {
      if (v instanceof List<?> list) {
        Type element = raw.isArray() ? raw.getComponentType() : argument(generic, 0);
        for (int i = 0; i < list.size(); i++) {
          value(rawClass(element), element, list.get(i), path + "[" + i + "]", problems, depth + 1);
        }
      } else {
        problem = "must be an array";
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      problem = v instanceof Map ? null : "must be an object";
    } else if (TextValues.supports(raw)) {
      problem = parses(raw, v);
    }
    if (problem != null) {
      problems.putIfAbsent(path.isEmpty() ? "(body)" : path, problem);
    }
  }

  private static String parses(Class<?> raw, Object v) {
    if (!(v instanceof String s)) {
      return "must be a string";
    }
    Function<String, Object> converter = TextValues.converter(raw);
    try {
      converter.apply(s);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static boolean isIntegral(Class<?> t) {
    return t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class
        || t == Short.class || t == byte.class || t == Byte.class || t == BigInteger.class;
  }

  private static boolean isDecimal(Class<?> t) {
    return t == double.class || t == Double.class || t == float.class || t == Float.class || t == BigDecimal.class;
  }

  private static boolean integral(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
      return true;
    }
    double d = n.doubleValue();
    return d == Math.rint(d) && !Double.isInfinite(d);
  }

  private static boolean optional(RecordComponent c) {
    if (c.getType() == Optional.class) {
      return true;
    }
    for (Annotation a : c.getAnnotations()) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    for (Annotation a : c.getAnnotatedType().getAnnotations()) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  private static String jsonName(RecordComponent c) {
    JsonProperty p = c.getAnnotation(JsonProperty.class);
    if (p == null) {
      p = c.getAccessor().getAnnotation(JsonProperty.class);
    }
    return p != null && !p.value().isEmpty() ? p.value() : c.getName();
  }

  private static Type argument(Type generic, int index) {
    return generic instanceof ParameterizedType p && p.getActualTypeArguments().length > index
        ? p.getActualTypeArguments()[index] : Object.class;
  }

  private static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class;
  }
}
