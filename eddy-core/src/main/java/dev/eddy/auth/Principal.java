package dev.eddy.auth;

import dev.eddy.Context;
import dev.eddy.Key;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Principal is who a request acts for: a name and roles. The auth middleware put it on the
 * request under {@link #KEY}; handlers read it with {@link #of(Context)}. A plain record, so the
 * app's JSON codec can store it in a session.
 */
public record Principal(String name, Set<String> roles) {
  /** Where the auth middleware puts the request's principal. */
  public static final Key<Principal> KEY = Key.of("eddy.principal");

  public Principal {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Principal name must not be blank");
    }
    roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
  }

  /** A principal with these roles. */
  public static Principal withRoles(String name, String... roles) {
    return new Principal(name, Set.copyOf(Arrays.asList(roles)));
  }

  /** The request's principal, or null when it is not authenticated. */
  public static Principal of(Context ctx) {
    return ctx.attr(KEY);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
