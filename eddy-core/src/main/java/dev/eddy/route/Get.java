package dev.eddy.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Routes GET requests for a path ({@code /:id}, {@code /files/*}) to this method; see {@link Routes}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Get {
  /** The path, relative to where the router is mounted. */
  String value();
}
