package dev.eddy.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a request header, converted to the method parameter's type; as {@link Query}: required
 * unless {@code Optional<T>}, a {@code List<T>} (every value) or given {@link #orElse}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Header {
  /** The header name (case-insensitive). */
  String value();

  /** The text to use when the header is absent. */
  String orElse() default Routes.NO_DEFAULT;
}
