package dev.eddy.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a query parameter, converted to the method parameter's type: the first value, or every
 * value for a {@code List<T>}. It is required (400 when absent) unless the type is
 * {@code Optional<T>} or a {@code List}, or {@link #orElse} gives a default.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Query {
  /** The name; defaults to the parameter's own name when compiled with {@code -parameters}. */
  String value() default "";

  /** The text to use when the parameter is absent, converted like a sent value. */
  String orElse() default Routes.NO_DEFAULT;
}
