package dev.eddy.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the request body: a record or other class from JSON, checked and validated by
 * {@link dev.eddy.body.JsonBody#read}; or, by type, a {@link dev.eddy.body.Form}, a
 * {@link dev.eddy.body.Multipart}, a {@code String} or a {@code byte[]}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Body {}
