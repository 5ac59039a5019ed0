package dev.eddy;

import java.util.Objects;

/**
 * Key names a typed attribute on a {@link Context}, so middleware and handlers share state without
 * casts: {@code static final Key<User> USER = Key.of("user");}. Keys compare by identity: two keys
 * with the same name are different keys.
 */
public final class Key<T> {
  private final String name;

  private Key(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  public static <T> Key<T> of(String name) {
    return new Key<>(name);
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "Key(" + name + ")";
  }
}
